using Optim = TransferGuide.Training.Optimizers;
using System.Diagnostics;
using TorchSharp;
using TransferGuide.Augment.Audio;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Data.Audio;
using TransferGuide.Models;
using TransferGuide.Recipes;
using static TorchSharp.torch;

namespace TransferGuide.Bench;

/// <summary>One audio measurement: clips per second (in <see cref="ImagesPerSecond"/>, the table's rate column).</summary>
public sealed record AudioBenchResult(string Variant, int BatchSize, int InputSize, int Clips, double Seconds, double ImagesPerSecond, double PeakRssMb) : IVariantRate;

/// <summary>
/// The audio rows of <c>tg bench</c>: clips per second of the input pipeline (fsdd clips, decoded once and kept, as the
/// recipe keeps them) with each augmentation alone and with the recipe's default chain, against the model's training step
/// and forward pass on the same spectrogram size. The pipeline must outrun the step it feeds, on the same cores.
/// </summary>
public static class AudioBenchmark
{
    /// <summary>Spectrograms of the plain clips (what validation and extraction cost).</summary>
    public const string Spectrogram = "audio-mel";
    /// <summary>The recipe's default chain (<see cref="AudioAugmentation.DefaultWords"/>), each waveform transform on half the clips.</summary>
    public const string DefaultChain = "audio-augment-default";
    /// <summary>A time shift on every clip.</summary>
    public const string Shift = "audio-shift";
    /// <summary>Noise on every clip.</summary>
    public const string Noise = "audio-noise";
    /// <summary>A pitch shift on every clip.</summary>
    public const string Pitch = "audio-pitch";
    /// <summary>A tempo change (phase vocoder) on every clip: not in the default chain.</summary>
    public const string Stretch = "audio-stretch";
    /// <summary>The fine-tune step (forward, backward, AdamW) of the ResNet18 on spectrogram batches.</summary>
    public const string Step = "audio-train-step";
    /// <summary>The forward pass alone (validation, extraction).</summary>
    public const string Forward = "audio-forward";

    /// <summary>Every variant, in table order.</summary>
    public static IReadOnlyList<string> Variants { get; } = [Spectrogram, Shift, Noise, Pitch, Stretch, DefaultChain, Step, Forward];

    /// <summary>Runs one variant on <paramref name="clips"/> fsdd training clips (or <paramref name="repeats"/> steps for the model rows).</summary>
    public static AudioBenchResult Run(string variant, int batchSize, int inputSize, int clips, int repeats)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var items = AudioFolder.FromCatalog("fsdd").Split("train").Take(clips).ToList();
        var settings = new AudioInputSettings(Spectrogram: AudioTrainRecipe.DefaultSpectrogram).WithSize(inputSize); // the recipe's picture
        if (variant is Step or Forward) return Model(variant, items, settings, batchSize, inputSize, repeats);
        var (augment, probability, masks) = variant switch
        {
            Spectrogram => ([], 0.0, null),
            Shift => ([new TimeShift(0.1)], 1.0, null),
            Noise => ([new AddNoise(20, 40)], 1.0, null),
            Pitch => ([PitchShift.Semitones(-1.5, 1.5)], 1.0, null),
            Stretch => ([new TimeStretch(0.85, 1.15) { KeepLength = true }], 1.0, null),
            DefaultChain => (AudioAugmentation.Parse("default").Transforms, 0.5, AudioAugmentation.Parse("default").Masks),
            _ => throw new ArgumentException($"Unknown audio bench variant '{variant}'."),
        };
        using var source = new AudioBatchSource(items, settings, (IReadOnlyList<IAudioTransform>)augment, probability, masks);
        for (int i = 0; i < items.Count; i++) source.Clip(i); // decoded once, as in training: the epochs measure what repeats
        var order = BatchOrder.Sequential(items.Count);
        foreach (var _ in source.Batches(order.Take(batchSize).ToArray(), batchSize, 1, 0)) { } // warm-up
        var clock = Stopwatch.StartNew();
        int served = source.Batches(order, batchSize, 1, 1).Sum(b => b.Count);
        double seconds = clock.Elapsed.TotalSeconds;
        return new AudioBenchResult(variant, batchSize, inputSize, served, seconds, served / seconds, ProcessMemory.PeakRssMb());
    }

    static AudioBenchResult Model(string variant, IReadOnlyList<DataItem> items, AudioInputSettings settings, int batchSize, int inputSize, int repeats)
    {
        using var source = new AudioBatchSource(items.Take(batchSize).ToList(), settings);
        var batch = source.Batches(BatchOrder.Sequential(source.Count), batchSize, 1, 0).First();
        manual_seed(1);
        using var model = ModelZoo.Create(ModelZoo.ResNet18ImageNet, 10);
        using var optimizer = new Optim.AdamW(model.parameters(), 1e-4);
        using var x = batch.Inputs.ToTensor();
        using var y = tensor(batch.Labels.Select(l => (long)l).ToArray());
        void Pass()
        {
            using var scope = NewDisposeScope();
            if (variant == Forward)
            {
                model.eval();
                using var _ = no_grad();
                model.call(x);
                return;
            }
            model.train();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(x), y).backward();
            optimizer.step();
        }
        Pass();
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            Pass();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        double median = Median.Of(times);
        return new AudioBenchResult(variant, batch.Count, inputSize, batch.Count * repeats, times.Sum(), batch.Count / median, ProcessMemory.PeakRssMb());
    }
}
