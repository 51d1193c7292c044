using SixLabors.ImageSharp;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Data.Audio;
using TransferGuide.Training;

namespace TransferGuide.Augment.Audio;

/// <summary>What <see cref="SpectrogramFolder.Export"/> wrote.</summary>
/// <param name="Root">The image dataset folder.</param>
/// <param name="Written">PNG files written, augmented copies included.</param>
/// <param name="Augmented">How many of them are augmented copies.</param>
/// <param name="Report">Clips that could not be turned into pictures, with reasons (plus what loading the audio skipped).</param>
public sealed record SpectrogramExport(string Root, int Written, int Augmented, LoadReport Report);

/// <summary>
/// Turns an audio dataset into an image dataset of log-mel spectrograms with the same split and class
/// folders, so that the image path (ImageFolder, Learner, reports) trains on sound unchanged: the
/// "image-style" transfer learning of audio. Training clips can get seeded augmented copies.
/// </summary>
public static class SpectrogramFolder
{
    /// <summary>
    /// Writes <c>outDir/&lt;split&gt;/&lt;class&gt;/&lt;clip&gt;.png</c> for every clip, and for clips of
    /// <paramref name="augmentSplit"/> also <paramref name="copies"/> augmented versions
    /// (<c>&lt;clip&gt;.aug1.png</c>, ...), each copy from the transforms applied in order with probability 0.5.
    /// </summary>
    public static SpectrogramExport Export(AudioDataset data, string outDir, LogMelSpectrogram? mel = null,
        IReadOnlyList<IAudioTransform>? augment = null, int copies = 0, int seed = 0, string augmentSplit = "train",
        IProgress<int>? progress = null)
    {
        mel ??= new LogMelSpectrogram();
        if (copies > 0 && (augment == null || augment.Count == 0))
            throw new ArgumentException("Augmented copies need transforms: pass augment, e.g. [new TimeShift(0.1), new AddNoise(10, 30)].", nameof(augment));
        outDir = Path.GetFullPath(outDir);
        var report = new LoadReport();
        foreach (var s in data.Report.Skipped) report.Skip(s.Path, s.Reason);
        int written = 0, augmented = 0, done = 0;
        Parallel.For(0, data.Items.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var item = data.Items[i];
            var folder = Path.Combine(outDir, item.Split, data.Classes[item.Label]);
            Directory.CreateDirectory(folder);
            var stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(item.Path));
            try
            {
                var clip = WavFile.Read(item.Path);
                Save(mel, clip, stem + ".png");
                Interlocked.Increment(ref written);
                if (item.Split == augmentSplit)
                    for (int c = 1; c <= copies; c++)
                    {
                        // Seeded by (seed, item, copy): the same copies on every run and any thread order.
                        var random = new Random(Reproducibility.Mix(seed, i, c));
                        Save(mel, augment!.ApplyAll(clip, random, probability: 0.5), $"{stem}.aug{c}.png");
                        Interlocked.Increment(ref written);
                        Interlocked.Increment(ref augmented);
                    }
            }
            catch (AudioFormatException e) { report.Skip(item.Path, e.Problem); }
            progress?.Report(Interlocked.Increment(ref done));
        });
        return new SpectrogramExport(outDir, written, augmented, report);
    }

    static void Save(LogMelSpectrogram mel, Waveform clip, string path)
    {
        using var image = mel.ToImage(clip);
        image.SaveAsPng(path);
    }
}
