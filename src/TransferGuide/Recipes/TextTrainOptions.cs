using TransferGuide.Models.Text;

namespace TransferGuide.Recipes;

/// <summary>Options of <see cref="TextTrainRecipe"/>; the defaults are the one-call recipe (docs/text.md says what has been measured).</summary>
/// <param name="Dataset">Catalog text dataset (sst2, sms_spam), used when <paramref name="DataFile"/> is null.</param>
/// <param name="DataFile">Your own <c>label&lt;TAB&gt;text</c> file instead.</param>
/// <param name="Recipe">"finetune" (top layers + head) or "extract" (frozen encoder, linear head on cached sentence vectors).</param>
/// <param name="Epochs">Epochs; null: <see cref="TextTrainRecipe.DefaultFineTuneEpochs"/> or <see cref="TextTrainRecipe.DefaultExtractEpochs"/>.</param>
/// <param name="TopLayers">Encoder layers that fine-tune (1-4, or 6 for all); the layers below run once and are cached.</param>
/// <param name="LearningRate">The head's peak rate; each layer below gets <paramref name="LayerDecay"/> times the one above.</param>
/// <param name="LayerDecay">Discriminative rates: factor from one layer group to the one below it.</param>
/// <param name="BatchSize">Texts per step.</param>
/// <param name="Seed">Seed of splits, order, dropout and the new head.</param>
/// <param name="MaxTokens">Truncation length, [CLS] and [SEP] included.</param>
/// <param name="Pooling">Mean over tokens (default) or [CLS].</param>
/// <param name="LabelsPerClass">Train on k texts per class (nested subsets); null: all.</param>
/// <param name="Augment">In-the-loop EDA operation (a function of text and seeded random), with its name; null: none.</param>
/// <param name="RunsRoot">Where run folders go.</param>
/// <param name="HeldOutPerClass">Keep at most this many texts per class of the validation and test splits (seeded; quick mode in the weeks); null: all.</param>
/// <param name="MaxTokensPerForward">A training batch with more positions (texts x longest text) runs forward and backward in parts, so long texts stay within memory; null: never split.</param>
/// <param name="Resume">A text fine-tune's run folder (or its model.tgck) to continue; its saved options replace these, except <paramref name="RunsRoot"/>.</param>
public sealed record TextTrainOptions(
    string? Dataset = "sst2",
    string? DataFile = null,
    string Recipe = "finetune",
    int? Epochs = null,
    int TopLayers = TextTrainRecipe.DefaultTopLayers,
    double LearningRate = TextTrainRecipe.DefaultLearningRate,
    double LayerDecay = TextTrainRecipe.DefaultLayerDecay,
    int BatchSize = 32,
    int Seed = 42,
    int MaxTokens = Data.Text.TokenizerSettings.DefaultMaxTokens,
    TextPooling Pooling = TextPooling.Mean,
    int? LabelsPerClass = null,
    [property: System.Text.Json.Serialization.JsonIgnore] (string Name, Func<string, Random, string> Apply)? Augment = null,
    string RunsRoot = "runs",
    int? HeldOutPerClass = null,
    int? MaxTokensPerForward = TextTrainRecipe.DefaultMaxTokensPerForward,
    string? Resume = null);
