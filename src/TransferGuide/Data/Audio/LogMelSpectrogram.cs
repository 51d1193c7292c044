using NWaves.Filters.Fda;
using NWaves.Transforms;
using NWaves.Utils;
using NWaves.Windows;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using TransferGuide.Models;

using static TorchSharp.torch;

namespace TransferGuide.Data.Audio;

/// <summary>
/// Log-mel spectrograms: short-time power spectra (Hann window, NWaves STFT) pooled into mel bands
/// (NWaves triangular filter bank), in decibels below the loudest cell and clipped at <see cref="TopDb"/>.
/// As pictures (high frequencies at the top) they let an ImageNet network transfer to sound: the image
/// forms are resized to <see cref="Height"/> × <see cref="Width"/> with three equal channels.
/// </summary>
public sealed record LogMelSpectrogram
{
    /// <summary>FFT size in samples (512 at 8 kHz is 64 ms).</summary>
    public int FftSize { get; init; } = 512;
    /// <summary>Analysis window in samples, at most <see cref="FftSize"/>; 0 means <see cref="FftSize"/>.</summary>
    public int WindowSize { get; init; } = 256;
    /// <summary>Hop between frames in samples (64 at 8 kHz is 8 ms).</summary>
    public int HopSize { get; init; } = 64;
    /// <summary>Number of mel bands.</summary>
    public int MelBands { get; init; } = 64;
    /// <summary>Lowest frequency in Hz.</summary>
    public double MinFrequency { get; init; } = 20;
    /// <summary>Highest frequency in Hz; 0 means half the sample rate.</summary>
    public double MaxFrequency { get; init; }
    /// <summary>Dynamic range kept below the loudest cell, in dB.</summary>
    public double TopDb { get; init; } = 80;
    /// <summary>Height of the image forms, in pixels.</summary>
    public int Height { get; init; } = 224;
    /// <summary>Width of the image forms, in pixels.</summary>
    public int Width { get; init; } = 224;

    /// <summary>
    /// The spectrogram in dB, as a <c>[MelBands, frames]</c> tensor (band 0 is the lowest), with values in
    /// [max − TopDb, max]. A clip shorter than one window is zero-padded to one frame.
    /// </summary>
    public Tensor Decibels(Waveform audio)
    {
        Check(audio);
        int window = WindowSize <= 0 ? FftSize : WindowSize;
        var samples = audio.Samples.Length >= window ? audio.Samples : audio.WithLength(window).Samples;
        var stft = new Stft(window, HopSize, WindowType.Hann, FftSize);
        var power = stft.Spectrogram(samples, normalize: false);
        double high = MaxFrequency > 0 ? Math.Min(MaxFrequency, audio.SampleRate / 2.0) : audio.SampleRate / 2.0;
        var bank = FilterBanks.Triangular(FftSize, audio.SampleRate,
            FilterBanks.MelBands(MelBands, audio.SampleRate, MinFrequency, high), null, Scale.HerzToMel);

        int frames = power.Count;
        var values = new float[MelBands * frames];
        var filtered = new float[MelBands];
        for (int t = 0; t < frames; t++)
        {
            FilterBanks.Apply(bank, power[t], filtered);
            for (int m = 0; m < MelBands; m++) values[m * frames + t] = (float)(10 * Math.Log10(Math.Max(filtered[m], 1e-10)));
        }
        float top = values.Max(), floor = (float)(top - TopDb);
        for (int i = 0; i < values.Length; i++) values[i] = Math.Max(values[i], floor);
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        return tensor(values, [MelBands, frames]);
    }

    /// <summary>
    /// The spectrogram scaled to 0..1 (0 is <see cref="TopDb"/> below the peak), flipped so high frequencies
    /// are on top, and resized bilinearly: a <c>[Height, Width]</c> tensor.
    /// </summary>
    public Tensor Picture(Waveform audio)
    {
        using var scope = NewDisposeScope();
        // Explicit scalars, alive to the end: TorchSharp's implicit ones ("/ TopDb", "+ 1.0", clamp(0.0, 1.0)) are
        // unreachable once their handle is passed, so a GC started by another thread (pitch shift allocates a lot in
        // parallel) could finalise one while libtorch reads it. Under forced GCs 7 of 4,000 pictures failed so
        // ("Expected false to be true" from Scalar::toFloat); a freed scalar could as well give a wrong picture.
        using var topDb = TopDb.ToScalar();
        using var zero = 0.0.ToScalar();
        using var one = 1.0.ToScalar();
        var db = Decibels(audio);
        var unit = (db - db.max()).div(topDb).add(one, one);
        var resized = nn.functional.interpolate(unit.flip(0).unsqueeze(0).unsqueeze(0), [Height, Width],
            mode: torch.InterpolationMode.Bilinear, align_corners: false);
        return resized.squeeze(0).squeeze(0).clamp(zero, one).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The network input for one clip: <c>[3, Height, Width]</c>, the picture as 0..255 grey in all three
    /// channels, normalised the way <paramref name="preprocessing"/> says (default: the ImageNet ResNet18's).
    /// </summary>
    public Tensor ToTensor(Waveform audio, Preprocessing? preprocessing = null)
    {
        var p = preprocessing ?? Preprocessing.CntkResNet;
        using var scope = NewDisposeScope();
        var grey = Picture(audio) * 255.0;
        var mean = tensor(p.Mean).view(3, 1, 1);
        var std = tensor(p.Std).view(3, 1, 1);
        return ((grey.unsqueeze(0).expand(3, -1, -1) * p.Scale - mean) / std).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>A batch <c>[N, 3, Height, Width]</c> of <see cref="ToTensor"/>, clips computed in parallel.</summary>
    public Tensor ToBatch(IReadOnlyList<Waveform> clips, Preprocessing? preprocessing = null)
    {
        if (clips.Count == 0) throw new ArgumentException("The batch is empty.", nameof(clips));
        using var scope = NewDisposeScope();
        var pictures = new float[clips.Count][];
        Parallel.For(0, clips.Count, i =>
        {
            using var inner = NewDisposeScope();
            pictures[i] = Picture(clips[i]).data<float>().ToArray();
        });
        var p = preprocessing ?? Preprocessing.CntkResNet;
        var grey = tensor(pictures.SelectMany(x => x).ToArray(), [clips.Count, 1, Height, Width]) * 255.0;
        var mean = tensor(p.Mean).view(1, 3, 1, 1);
        var std = tensor(p.Std).view(1, 3, 1, 1);
        return ((grey.expand(-1, 3, -1, -1) * p.Scale - mean) / std).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The picture as a grey RGB image, to save as PNG or feed the image pipeline.</summary>
    public Image<Rgb24> ToImage(Waveform audio)
    {
        float[] values;
        using (NewDisposeScope()) values = Picture(audio).data<float>().ToArray();
        var pixels = new Rgb24[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            byte v = (byte)Math.Round(values[i] * 255);
            pixels[i] = new Rgb24(v, v, v);
        }
        return Image.LoadPixelData<Rgb24>(pixels, Width, Height);
    }

    /// <summary>
    /// Settings scaled to <paramref name="sampleRate"/>: a 32 ms window, an 8 ms hop and the FFT size the
    /// window needs (the defaults are these at 8 kHz, fsdd's rate).
    /// </summary>
    public static LogMelSpectrogram For(int sampleRate)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Give the audio's sample rate in Hz, e.g. 16000.");
        int window = (int)Math.Round(sampleRate * 0.032), fft = 2;
        while (fft < 2 * window) fft <<= 1;
        return new LogMelSpectrogram { WindowSize = window, HopSize = Math.Max(1, (int)Math.Round(sampleRate * 0.008)), FftSize = fft };
    }

    void Check(Waveform audio)
    {
        if (audio.Length == 0) throw new ArgumentException("The audio has no samples.", nameof(audio));
        if (FftSize <= 0 || (FftSize & (FftSize - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(FftSize), FftSize, "Use a power of two, e.g. 512.");
        if (WindowSize > FftSize) throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, $"The window must fit the FFT ({FftSize}).");
        if (HopSize <= 0 || MelBands <= 0 || Height <= 0 || Width <= 0 || TopDb <= 0)
            throw new ArgumentOutOfRangeException(nameof(HopSize), "HopSize, MelBands, Height, Width and TopDb must be positive.");
    }
}
