using TransferGuide.Monitoring;

namespace TransferGuide.Recipes;

/// <summary>Options of <see cref="BiasRecipe"/> (<c>tg bias</c>).</summary>
/// <param name="Dataset">Catalog audio dataset (fsdd), used when <paramref name="DataDir"/> is null.</param>
/// <param name="DataDir">Your own folder of WAV class folders instead.</param>
/// <param name="GroupsFile">A CSV of <c>item,group</c> (as <c>tg evaluate --groups</c>); null: the speaker in each file name (fsdd's naming).</param>
/// <param name="UnderRepresent">Groups to thin out in training, to make the gap visible; empty: the data as it is.</param>
/// <param name="Mitigations">Mitigations compared with the baseline (null: reweighting and balanced sampling).</param>
/// <param name="Seed">Seed of the splits, the thinning and the heads.</param>
/// <param name="InputSize">Side of the spectrogram picture in pixels.</param>
/// <param name="Epochs">Head epochs.</param>
/// <param name="BatchSize">Rows per step (and clips per forward pass when extracting).</param>
/// <param name="TinyCell">A group-by-class cell with fewer items than this is called tiny.</param>
/// <param name="RunsRoot">Where the run folder goes.</param>
/// <param name="UseCache">Keep and reuse the frozen features on disk.</param>
/// <param name="ClipsPerClass">Keep at most this many clips per class in each split, seeded, before any thinning (quick mode in the weeks); null: all.</param>
public sealed record BiasRunOptions(
    string? Dataset = "fsdd",
    string? DataDir = null,
    string? GroupsFile = null,
    IReadOnlyList<UnderRepresentation>? UnderRepresent = null,
    IReadOnlyList<BiasMitigation>? Mitigations = null,
    int Seed = 42,
    int InputSize = AudioTrainRecipe.DefaultInputSize,
    int Epochs = AudioTrainRecipe.DefaultExtractEpochs,
    int BatchSize = 32,
    int TinyCell = Representation.DefaultTinyCell,
    string RunsRoot = "runs",
    bool UseCache = true,
    int? ClipsPerClass = null);
