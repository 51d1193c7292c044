using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Data;
using TransferGuide.Models;
using static TorchSharp.torch;

namespace TransferGuide.Training;

public sealed partial class Learner
{
    /// <summary>Saves the model and the recipe's position (no optimiser state: use it for finished models).</summary>
    public void SaveCheckpoint(string path)
    {
        using var plain = _layout?.Suspend();
        Checkpoint.Save(path, Model, Header(), new Dictionary<string, byte[]> { ["rng"] = RngState() });
    }

    internal void SaveCheckpoint(string path, OptimizerHelper optimizer, TrainingState state)
    {
        using var plain = _layout?.Suspend(optimizer);
        List<(string, Action<BinaryWriter>)> sections = [
            ("optimizer", w => optimizer.save_state_dict(w)),
            ("rng", w => w.Write(RngState())),
            ("learner", w => w.Write(JsonSerializer.SerializeToUtf8Bytes(state with { Options = Options }, Json))),
        ];
        if (_earlyStopping.Section(Epoch, state) is { } best) sections.Add(best);
        Checkpoint.Save(path, Model, Header(), sections);
    }

    /// <summary>The finished plan's checkpoint: model, RNG and position, without optimiser state (nothing is left to step).</summary>
    void SaveCheckpoint(string path, TrainingState state)
    {
        using var plain = _layout?.Suspend();
        Checkpoint.Save(path, Model, Header(), new Dictionary<string, byte[]>
        {
            ["rng"] = RngState(),
            ["learner"] = JsonSerializer.SerializeToUtf8Bytes(state with { Options = Options }, Json),
        });
    }

    CheckpointHeader Header() => new()
    {
        Architecture = Architecture,
        Classes = Classes,
        Preprocessing = _images?.Preprocessing ?? Audio?.Normalisation ?? Preprocessing.NotImages,
        Recipe = "learner",
        Dataset = DatasetName,
        Epoch = Epoch,
        Step = Step,
        HeadDropout = 0,
        History = History,
        DataSource = DataSource,
        Audio = Audio,
        Text = Text,
    };

    static byte[] RngState()
    {
        using var state = torch.random.get_rng_state();
        return state.data<byte>().ToArray();
    }

    /// <summary>
    /// Rebuilds a learner from a checkpoint written during training, on the same data, ready to carry on:
    /// call the same <see cref="FineTune"/>, <see cref="Fit"/> or <see cref="RunPlan"/> again, or <see cref="Continue"/>.
    /// </summary>
    /// <exception cref="CheckpointException">The file is truncated or damaged, or its classes differ from the data's.</exception>
    public static Learner Resume(string path, ImageDataset data)
    {
        var (model, header, sections) = Checkpoint.Load(path);
        if (!header.Classes.SequenceEqual(data.Classes))
        {
            model.Dispose();
            throw new CheckpointException(
                $"{path} was trained on {header.Classes.Count} classes ({string.Join(", ", header.Classes)}) but {data.Root} has " +
                $"{data.Classes.Count} ({string.Join(", ", data.Classes)}). Resume on the data it was trained on, or start a new run.");
        }
        var state = sections.TryGetValue("learner", out var json)
            ? ReadState(json, path) ?? throw new CheckpointException($"{path} has an empty learner section.")
            : throw new CheckpointException($"{path} holds a finished model, not a training run to resume (no learner state). Use it to evaluate, or start a new run.");
        var options = state.Options;
        var learner = ForImages(model, header.Architecture, header.Classes, header.Dataset, header.Preprocessing, SplitFor(data, options), data.Report, options);
        learner.Epoch = header.Epoch;
        learner.Step = header.Step;
        learner.History = header.History;
        learner._resume = state;
        learner._resumeOptimizer = sections.GetValueOrDefault("optimizer");
        learner.DataSource = data.Source ?? header.DataSource;
        learner.RestoreBest(path, sections, state);
        if (sections.TryGetValue("rng", out var rng))
        {
            using var t = torch.tensor(rng, dtype: ScalarType.Byte);
            torch.random.set_rng_state(t);
        }
        return learner;
    }

    /// <summary>
    /// Rebuilds a learner from a checkpoint written during training on batches that are not images (spectrograms,
    /// token ids), on the same sources rebuilt by the caller, ready to <see cref="Continue"/>.
    /// </summary>
    /// <exception cref="CheckpointException">The file is damaged, holds a finished model, or its classes differ from <paramref name="classes"/>.</exception>
    public static Learner Resume(string path, IReadOnlyList<string> classes, IBatchSource train, IBatchSource valid, IBatchSource? test = null) =>
        Resume(path, classes, _ => (train, valid), test);

    /// <summary>
    /// As <see cref="Resume(string, IReadOnlyList{string}, IBatchSource, IBatchSource, IBatchSource?)"/>, for sources built
    /// from the restored model (text's cached lower layers run through the checkpoint's weights).
    /// </summary>
    /// <exception cref="CheckpointException">The file is damaged, holds a finished model, or its classes differ from <paramref name="classes"/>.</exception>
    public static Learner Resume(string path, IReadOnlyList<string> classes, Func<ZooModel, (IBatchSource Train, IBatchSource Valid)> sources,
        IBatchSource? test = null)
    {
        var (model, header, sections) = Checkpoint.Load(path);
        if (!header.Classes.SequenceEqual(classes))
        {
            model.Dispose();
            throw new CheckpointException($"{path} was trained on the classes {string.Join(", ", header.Classes)} but the data has {string.Join(", ", classes)}. " +
                                          "Resume on the data it was trained on, or start a new run.");
        }
        var state = sections.TryGetValue("learner", out var json) ? ReadState(json, path) : null;
        if (state == null)
        {
            model.Dispose();
            throw new CheckpointException($"{path} holds a finished model, not a training run to resume (no learner state). Use it to evaluate, or start a new run.");
        }
        (IBatchSource Train, IBatchSource Valid) built;
        try { built = sources(model); }
        catch
        {
            model.Dispose();
            throw;
        }
        var learner = new Learner(model, header.Classes, built.Train, built.Valid, state.Options, header.Architecture, header.Dataset, test)
        {
            Epoch = header.Epoch, Step = header.Step, History = header.History, Audio = header.Audio, Text = header.Text,
            _resume = state, _resumeOptimizer = sections.GetValueOrDefault("optimizer"), DataSource = header.DataSource,
        };
        learner.RestoreBest(path, sections, state);
        if (sections.TryGetValue("rng", out var rng))
        {
            using var t = torch.tensor(rng, dtype: ScalarType.Byte);
            torch.random.set_rng_state(t);
        }
        return learner;
    }

    /// <summary>Early stopping's best weights from a resumed checkpoint; without them the plan's end says the last epoch's are kept.</summary>
    void RestoreBest(string path, IReadOnlyDictionary<string, byte[]> sections, TrainingState state)
    {
        try { _earlyStopping.Restore(sections.GetValueOrDefault(EarlyStoppingCallback.SectionName), !sections.ContainsKey("optimizer"), this, state); }
        catch (CheckpointException e)
        {
            Dispose();
            throw new CheckpointException($"{path}: {e.Message} The file was not written by this kit's training loop; start a new run.", e);
        }
    }

    /// <summary>The learner section of a checkpoint, with options of older kits moved into their groups.</summary>
    internal static TrainingState? ReadState(byte[] json, string path)
    {
        try { return ReadState(json); }
        catch (System.Text.Json.JsonException e)
        {
            throw new CheckpointException($"{path}: its training state cannot be read ({e.Message}). It was written by another version of " +
                                          "TransferGuide or is damaged: resume it with the kit that wrote it, or start a new run.", e);
        }
    }

    internal static TrainingState? ReadState(byte[] json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json);
        if (node?["options"] is System.Text.Json.Nodes.JsonObject options) LegacyOptions.Upgrade(options);
        return node.Deserialize<TrainingState>(Json);
    }

    /// <summary>After <see cref="Resume(string, ImageDataset)"/>: runs the rest of the saved plan.</summary>
    public MetricsHistory Continue(CancellationToken cancel = default)
    {
        var plan = _resume?.Plan ?? throw new InvalidOperationException("Nothing to continue: this learner was not resumed from a checkpoint.");
        return RunPlan(plan, cancel);
    }
}
