using System.Diagnostics;
using TorchSharp;
using TransferGuide.Core;
using static TorchSharp.torch;

namespace TransferGuide.Models.Text;

/// <summary>How <see cref="TextModelCost.Measure"/> times the encoder.</summary>
/// <param name="Tokens">Tokens per sentence, [CLS] and [SEP] included (an SST-2 sentence has about 25).</param>
/// <param name="BatchSize">The larger batch.</param>
/// <param name="Repeats">Timed passes per batch size after two warm-up passes; the median is reported.</param>
public sealed record TextCostOptions(int Tokens = 32, int BatchSize = 32, int Repeats = 5);

/// <summary>Size and CPU speed of a text encoder (eval mode, fp32, no gradients), measured on this machine.</summary>
/// <param name="Id">Encoder id.</param>
/// <param name="Parameters">All parameters of the encoder.</param>
/// <param name="EmbeddingParameters">Those in the word-embedding table (vocabulary x hidden size).</param>
/// <param name="SizeMb">fp32 weights in MB.</param>
/// <param name="Layers">Transformer layers.</param>
/// <param name="Hidden">Hidden size (the sentence vector's length).</param>
/// <param name="Tokens">Tokens per sentence timed.</param>
/// <param name="LatencyBatch1Ms">Median time of one sentence, ms.</param>
/// <param name="BatchSize">The larger batch.</param>
/// <param name="SentencesPerSecond">Throughput at the larger batch.</param>
/// <param name="Threads">Torch threads used.</param>
public sealed record TextModelCostRow(string Id, long Parameters, long EmbeddingParameters, double SizeMb, int Layers, int Hidden, int Tokens,
    double LatencyBatch1Ms, int BatchSize, double SentencesPerSecond, int Threads);

/// <summary>A text model's size as its authors published it (for comparison; the kit ships and measures only MiniLM).</summary>
/// <param name="Name">The model.</param>
/// <param name="ParametersMillions">Parameters, millions, as published.</param>
/// <param name="Layers">Transformer layers.</param>
/// <param name="Hidden">Hidden size.</param>
public sealed record PublishedTextModel(string Name, double ParametersMillions, int Layers, int Hidden);

/// <summary>Measures the kit's text encoder: parameters, and sentences per second on this CPU.</summary>
public static class TextModelCost
{
    /// <summary>
    /// The starting points the course names, sizes as published: BERT-base (Devlin et al. 2019), RoBERTa-base (Liu
    /// et al. 2019), GPT-2 small (Radford et al. 2019, 124M as released), DistilBERT (Sanh et al. 2019).
    /// </summary>
    public static IReadOnlyList<PublishedTextModel> Published { get; } =
    [
        new("BERT-base", 110, 12, 768), new("RoBERTa-base", 125, 12, 768), new("GPT-2 small", 124, 12, 768), new("DistilBERT", 66, 6, 768),
    ];

    /// <summary>Builds the MiniLM encoder untrained (weights do not change the cost), counts it and times it on random token ids.</summary>
    public static TextModelCostRow Measure(TextCostOptions? options = null)
    {
        options ??= new TextCostOptions();
        if (options.Tokens is < 2 or > 512) throw new ArgumentOutOfRangeException(nameof(options), options.Tokens, "Tokens must be 2 to 512 (the model's positions).");
        Core.Native.TorchRuntime.EnsureLoaded();
        random.manual_seed(0);
        using var encoder = MiniLm.CreateUntrained();
        encoder.eval();
        var config = encoder.Config;
        long parameters = encoder.parameters().Sum(p => p.numel());
        double b1 = LatencyMs(encoder, 1, options.Tokens, options.Repeats);
        double bn = LatencyMs(encoder, options.BatchSize, options.Tokens, options.Repeats);
        return new TextModelCostRow(MiniLm.Id, parameters, (long)config.VocabSize * config.Hidden, parameters * 4 / 1e6, config.Layers, config.Hidden,
            options.Tokens, b1, options.BatchSize, options.BatchSize / (bn / 1000), get_num_threads());
    }

    // The first passes create kernels for each new shape; they are not timed.
    const int Warmup = 2;

    static double LatencyMs(BertEncoder encoder, int batch, int tokens, int repeats)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Random ids above the special tokens (0-999 are [PAD], [unused..], [CLS], [SEP], [MASK]); no padding.
        var ids = randint(1000, encoder.Config.VocabSize, [batch, tokens], dtype: ScalarType.Int64);
        var mask = ones([batch, tokens]);
        var times = new List<double>();
        for (int i = 0; i < Warmup + repeats; i++)
        {
            using var inner = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            encoder.call(ids, mask);
            if (i >= Warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return Median.Of(times);
    }
}
