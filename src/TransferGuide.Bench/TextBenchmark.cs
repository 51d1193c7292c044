using Optim = TransferGuide.Training.Optimizers;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Data.Text;
using TransferGuide.Models;
using TransferGuide.Models.Text;
using static TorchSharp.torch;

namespace TransferGuide.Bench;

/// <summary>One text measurement: sentences per second (in <see cref="ImagesPerSecond"/>, the table's rate column).</summary>
public sealed record TextBenchResult(string Variant, int BatchSize, int Tokens, int Repeats, double MedianSeconds, double ImagesPerSecond,
    double PeakRssMb, double OutputMean) : IVariantRate;

/// <summary>The default SST-2 fine-tune as <c>tg bench</c> runs it: wall time from process start, test accuracy, peak RSS (MB).</summary>
public sealed record TextFineTuneResult(int Epochs, int? LabelsPerClass, int TopLayers, double WallSeconds, double TrainTextsPerSecond,
    double Accuracy, double PeakRssMb);

/// <summary>
/// The text rows of <c>tg bench</c>: the MiniLM encoder's forward pass, the kit's against ONNX Runtime on the same
/// weights and the same padded batch of SST-2 test sentences, and the default fine-tune step (the default top layers and
/// the head on the cached output of the layers below, AdamW). Each variant runs in its own process.
/// </summary>
public static class TextBenchmark
{
    /// <summary>The kit's encoder.</summary>
    public const string Kit = "text-kit";
    /// <summary>ONNX Runtime on the package's model.onnx.</summary>
    public const string OnnxRuntime = "text-onnxruntime";
    /// <summary>The default fine-tune step.</summary>
    public const string FineTuneStep = "text-finetune-step";

    /// <summary>Runs one variant.</summary>
    public static TextBenchResult Run(string variant, int batchSize, int repeats)
    {
        var (ids, mask, length) = Batch(batchSize);
        Func<double> pass = variant switch
        {
            Kit => KitPass(ids, mask, batchSize, length),
            OnnxRuntime => OnnxPass(ids, mask, batchSize, length),
            FineTuneStep => StepPass(ids, batchSize, length),
            _ => throw new ArgumentException($"Unknown text bench variant '{variant}'."),
        };
        double mean = pass(); // warm-up: first-call allocations and kernel choice
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            mean = pass();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        double median = Median.Of(times);
        return new TextBenchResult(variant, batchSize, length, repeats, median, batchSize / median, ProcessMemory.PeakRssMb(), mean);
    }

    /// <summary>
    /// The default fine-tune (<c>tg train --dataset sst2</c>) in this process, its runs under <paramref name="scratch"/>:
    /// what the memory goal is about, as a user runs it (loading the weights and tokenising included).
    /// </summary>
    public static TextFineTuneResult FineTune(string scratch, int? epochs, int? labelsPerClass)
    {
        var result = Recipes.TextTrainRecipe.Run(new Recipes.TextTrainOptions(Epochs: epochs, LabelsPerClass: labelsPerClass, RunsRoot: scratch));
        var m = result.Metrics;
        using var self = Process.GetCurrentProcess();
        return new TextFineTuneResult(m.Epochs, labelsPerClass, m.TrainedLayers, (DateTime.Now - self.StartTime).TotalSeconds,
            m.TrainTextsPerSecond, m.Accuracy, ProcessMemory.PeakRssMb());
    }

    static (long[] Ids, long[] Mask, int Length) Batch(int batchSize)
    {
        var tokenizer = new WordPieceTokenizer(MiniLmPackage.Vocabulary(), new TokenizerSettings(MiniLm.Id));
        var rows = TextDatasets.Load("sst2").Split("test").Take(batchSize).Select(t => tokenizer.Encode(t.Text).Ids).ToList();
        var padded = TextBatchSource.Pad(rows, tokenizer.PadId);
        return (padded.Values, padded.Values.Select(v => v == tokenizer.PadId ? 0L : 1L).ToArray(), (int)padded.Shape[1]);
    }

    static Func<double> KitPass(long[] ids, long[] mask, int n, int length)
    {
        var encoder = MiniLm.Create();
        return () =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            return encoder.call(tensor(ids, [n, length]), tensor(mask, [n, length]).to_type(ScalarType.Float32)).mean().item<float>();
        };
    }

    static Func<double> OnnxPass(long[] ids, long[] mask, int n, int length)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = torch.get_num_threads(), InterOpNumThreads = 1,
        };
        var session = new InferenceSession(MiniLmPackage.OnnxModel(), options);
        long[] shape = [n, length];
        var inputs = new[] { OrtValue.CreateTensorValueFromMemory(ids, shape), OrtValue.CreateTensorValueFromMemory(mask, shape),
            OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape) };
        var run = new RunOptions();
        return () =>
        {
            using var outputs = session.Run(run, ["input_ids", "attention_mask", "token_type_ids"], inputs, ["last_hidden_state"]);
            var values = outputs[0].GetTensorDataAsSpan<float>();
            double sum = 0;
            foreach (var v in values) sum += v;
            return sum / values.Length;
        };
    }

    static Func<double> StepPass(long[] ids, int n, int length)
    {
        var model = TextClassifier.Create(TextModelSettings.MiniLmDefault, 2);
        int top = Recipes.TextTrainRecipe.DefaultTopLayers, cached = BertConfig.MiniLmL6.Layers - top;
        Tensor input;
        using (no_grad()) input = model.LowerLayers(tensor(ids, [n, length]), cached);
        model.CachedLayers = cached;
        var groups = model.LayerGroups();
        foreach (var p in model.parameters()) p.requires_grad = false;
        var trainable = groups.Skip(ZooModel.GroupCount - 1 - top).SelectMany(g => g.Modules).SelectMany(m => m.parameters()).ToList();
        foreach (var p in trainable) p.requires_grad = true;
        var optimizer = new Optim.AdamW(trainable, 1e-4);
        var labels = tensor(Enumerable.Range(0, n).Select(i => (long)(i % 2)).ToArray());
        model.train();
        return () =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(input), labels);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        };
    }
}
