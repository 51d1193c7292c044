using System.Collections.Concurrent;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Data.Audio;
using static TorchSharp.torch;

// It applies the audio augmentations, so it lives in their room: Data comes before Augment and may not use it.
namespace TransferGuide.Augment.Audio;

/// <summary>How clips become network inputs: the sample rate they are brought to, the spectrogram, and the normalisation.</summary>
/// <param name="SampleRate">Clips at another rate are resampled to this one (fsdd: 8000 Hz).</param>
/// <param name="Spectrogram">Log-mel settings; null: <see cref="LogMelSpectrogram.For"/> the sample rate.</param>
/// <param name="Preprocessing">The network's normalisation; null: the ImageNet ResNet18's.</param>
public sealed record AudioInputSettings(int SampleRate = 8000, LogMelSpectrogram? Spectrogram = null, Preprocessing? Preprocessing = null)
{
    /// <summary>The spectrogram actually used.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LogMelSpectrogram Mel => Spectrogram ?? LogMelSpectrogram.For(SampleRate);

    /// <summary>The normalisation actually used.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Preprocessing Normalisation => Preprocessing ?? Data.Preprocessing.CntkResNet;

    /// <summary>The same settings with every default written out, so a checkpoint keeps them even if a later kit changes its defaults.</summary>
    public AudioInputSettings Resolved() => this with { Spectrogram = Mel, Preprocessing = Normalisation };

    /// <summary>Settings whose pictures are <paramref name="size"/> pixels square (the default spectrogram otherwise).</summary>
    public AudioInputSettings WithSize(int size) => this with { Spectrogram = Mel with { Height = size, Width = size } };
}

/// <summary>
/// Batches of spoken clips as the ImageNet network sees them, made at training time: WAV (decoded once and kept in
/// memory, resampled and down-mixed) → seeded waveform augmentation → log-mel picture → optional SpecAugment →
/// <c>[N, 3, H, W]</c>. Every (seed, epoch) draws new variants, and the same (seed, epoch) draws the same ones, so a
/// resumed run sees the batches it would have seen. A clip that cannot be used (undecodable, empty, silent) is left
/// out of its batches and reported once, by name, in <see cref="Report"/>.
/// </summary>
public sealed class AudioBatchSource : IBatchSource
{
    readonly IReadOnlyList<DataItem> _items;
    readonly AudioInputSettings _settings;
    readonly IReadOnlyList<IAudioTransform> _augment;
    readonly double _augmentProbability;
    readonly SpecAugment? _specAugment;
    readonly ConcurrentDictionary<int, Waveform?> _decoded = new();
    int[]? _labels;

    /// <summary>A source over <paramref name="items"/> (WAV paths and labels).</summary>
    /// <param name="items">The clips.</param>
    /// <param name="settings">Sample rate, spectrogram and normalisation.</param>
    /// <param name="augment">Waveform transforms for training (none for evaluation).</param>
    /// <param name="augmentProbability">Chance that each transform is applied to a clip.</param>
    /// <param name="specAugment">Masking of the picture for training; null: none.</param>
    /// <param name="report">Where unusable clips are listed; null: a new one.</param>
    public AudioBatchSource(IReadOnlyList<DataItem> items, AudioInputSettings? settings = null, IReadOnlyList<IAudioTransform>? augment = null,
        double augmentProbability = 0.5, SpecAugment? specAugment = null, LoadReport? report = null)
    {
        if (augmentProbability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(augmentProbability), augmentProbability, "A probability is 0 to 1.");
        _items = items;
        _settings = settings ?? new AudioInputSettings();
        _augment = augment ?? [];
        _augmentProbability = augmentProbability;
        _specAugment = specAugment;
        Report = report ?? new LoadReport();
    }

    /// <summary>Clips left out, with the reason.</summary>
    public LoadReport Report { get; }

    /// <summary>The settings every clip goes through.</summary>
    public AudioInputSettings Settings => _settings;

    /// <summary>The clips.</summary>
    public IReadOnlyList<DataItem> Items => _items;

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels ??= _items.Select(i => i.Label).ToArray();

    /// <summary>The decoded clip at the source's sample rate, or null when it cannot be used (the reason is in <see cref="Report"/>).</summary>
    public Waveform? Clip(int index) => _decoded.GetOrAdd(index, Decode);

    Waveform? Decode(int index)
    {
        var path = _items[index].Path;
        try
        {
            var clip = AudioResampling.To(WavFile.Read(path), _settings.SampleRate);
            if (clip.Length == 0) { Report.Skip(path, "the clip has no samples"); return null; }
            if (clip.Samples.All(s => s == 0)) { Report.Skip(path, "the clip is pure silence"); return null; }
            return clip;
        }
        catch (Exception e) when (e is AudioFormatException or IOException or UnauthorizedAccessException)
        {
            Report.Skip(path, e is AudioFormatException f ? f.Problem : $"cannot be read ({e.Message})");
            return null;
        }
    }

    /// <summary>The network input of one clip, <c>[3, H, W]</c> values, with this (seed, epoch)'s augmentation; null when the clip is unusable.</summary>
    public float[]? Input(int index, int seed, int epoch)
    {
        if (Clip(index) is not { } clip) return null;
        var random = new Random(Reproducibility.Mix(seed, epoch, index, 0xa0d1));
        if (_augment.Count > 0) clip = _augment.ApplyAll(clip, random, _augmentProbability);
        var mel = _settings.Mel;
        float[] picture;
        using (NewDisposeScope()) picture = mel.Picture(clip).data<float>().ToArray();
        _specAugment?.Apply(picture, mel.Height, mel.Width, random);
        return Normalise(picture, _settings.Normalisation);
    }

    /// <inheritdoc />
    public IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        var mel = _settings.Mel;
        for (int start = skipBatches * batchSize; start < order.Length; start += batchSize)
        {
            var indices = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            var inputs = new float[indices.Length][];
            Parallel.For(0, indices.Length, k => inputs[k] = Input(indices[k], seed, epoch)!);
            var kept = Enumerable.Range(0, indices.Length).Where(k => inputs[k] != null).ToArray();
            int size = 3 * mel.Height * mel.Width;
            var values = new float[kept.Length * size];
            for (int k = 0; k < kept.Length; k++) Array.Copy(inputs[kept[k]], 0, values, k * size, size);
            var used = kept.Select(k => indices[k]).ToArray();
            yield return new Batch(new FloatInputs(values, [used.Length, 3, mel.Height, mel.Width]), used,
                used.Select(i => _items[i].Label).ToArray(), used.Select(i => _items[i].Path).ToArray());
        }
    }

    // The picture (0..1) as grey 0..255 in three channels, normalised per channel as the network was trained.
    static float[] Normalise(float[] picture, Preprocessing p)
    {
        int n = picture.Length;
        var values = new float[3 * n];
        for (int c = 0; c < 3; c++)
        {
            float scale = (float)(255.0 * p.Scale / p.Std[c]), shift = (float)(p.Mean[c] / p.Std[c]);
            for (int i = 0; i < n; i++) values[c * n + i] = picture[i] * scale - shift;
        }
        return values;
    }

    /// <inheritdoc />
    public void Dispose() => _decoded.Clear();
}
