using System.Diagnostics;
using TransferGuide.Augment.Corruptions;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Training;

namespace TransferGuide.Monitoring;

/// <summary>What <see cref="PowerCurve.Measure"/> measures.</summary>
/// <param name="Dataset">Catalog dataset name or folder: its training part is the reference, its held-out part is corrupted.</param>
/// <param name="Corruptions">Corruptions to apply (names of <see cref="Corruptions.Names"/>).</param>
/// <param name="Severities">Severities, 1 to 5.</param>
/// <param name="Draws">Random new samples tested per setting.</param>
/// <param name="SampleSize">New items per draw.</param>
/// <param name="MaxImages">Held-out images corrupted and embedded at most (a seeded subset): the pool the draws come from.</param>
/// <param name="Drift">The tests' options.</param>
/// <param name="Seed">Seeds the split, the subset, the corruptions and the draws.</param>
public sealed record PowerOptions(string Dataset = "oxford_flowers17", IReadOnlyList<string>? Corruptions = null, IReadOnlyList<int>? Severities = null,
    int Draws = 50, int SampleSize = 100, int MaxImages = 272, DriftOptions? Drift = null, int Seed = 42)
{
    /// <summary>
    /// The quick setting for a notebook cell: gaussian noise at 1, 3 and 5, 20 draws of 20 images (at 100 images every
    /// severity of fog and noise is always seen, so small draws show the curve). Same pool as the default, so the
    /// corrupted copies and features <c>tg drift --power</c> cached are reused.
    /// </summary>
    public static PowerOptions Quick { get; } = new(Corruptions: ["gaussian_noise"], Severities: [1, 3, 5], Draws: 20, SampleSize: 20);
}

/// <summary>How often each test flagged drift in one setting.</summary>
/// <param name="Corruption">The corruption, or "none" for clean held-out data (the false-alarm rate).</param>
/// <param name="Severity">1 to 5; 0 for clean.</param>
/// <param name="Draws">Samples tested.</param>
/// <param name="MmdRate">Share flagged by the MMD test: the verdict's power (or false-alarm rate when clean).</param>
/// <param name="KsRate">Share flagged by the corrected KS tests.</param>
/// <param name="PsiSignificantRate">Share whose largest PSI is 0.25 or more.</param>
/// <param name="MedianMmdPValue">Median MMD p-value over the draws.</param>
public sealed record PowerPoint(string Corruption, int Severity, int Draws, double MmdRate, double KsRate, double PsiSignificantRate, double MedianMmdPValue);

/// <summary>The power curve and the false-alarm rate.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="ReferenceCount">Reference (clean training) items.</param>
/// <param name="PoolCount">Held-out images each draw comes from.</param>
/// <param name="FalseAlarm">Clean held-out draws (goal: MMD rate at most alpha).</param>
/// <param name="Points">One per corruption and severity.</param>
/// <param name="Options">The options used.</param>
/// <param name="WallSeconds">Whole measurement, including embedding.</param>
public sealed record PowerCurveReport(string Dataset, int ReferenceCount, int PoolCount, PowerPoint FalseAlarm, IReadOnlyList<PowerPoint> Points,
    PowerOptions Options, double WallSeconds)
{
    /// <summary>A table, one line per setting.</summary>
    public string Describe() =>
        $"{Dataset}: reference {ReferenceCount} clean training images; draws of {Options.SampleSize} from {PoolCount} held-out images\n" +
        "setting              MMD    KS     PSI>=0.25  median p\n" +
        string.Join("\n", new[] { FalseAlarm }.Concat(Points).Select(p =>
            $"{(p.Severity == 0 ? "clean" : $"{p.Corruption} {p.Severity}"),-20} {p.MmdRate,5:P0}  {p.KsRate,5:P0}  {p.PsiSignificantRate,9:P0}  {p.MedianMmdPValue,8:F3}"));

    /// <inheritdoc />
    public override string ToString() => Describe();
}

/// <summary>
/// How strong a shift must be before the drift tests see it: the clean training part of a dataset is the reference,
/// its held-out part is corrupted at each severity (ImageNet-C generator, written once into the user cache and
/// embedded once through the feature cache), and many random draws of new items are tested. Clean held-out draws give
/// the false-alarm rate.
/// </summary>
public static class PowerCurve
{
    /// <summary>Measures the curve; <paramref name="log"/> receives one line per setting.</summary>
    public static PowerCurveReport Measure(PowerOptions? options = null, Action<string>? log = null, IProgress<WorkProgress>? progress = null,
        CancellationToken cancel = default)
    {
        options ??= new PowerOptions();
        var clock = Stopwatch.StartNew();
        var data = Datasets.Load(options.Dataset, new DatasetLoadOptions(AllowDownload: false));
        var splits = StratifiedSplit.ForTraining(data, options.Seed);
        var pool = DriftCheck.Subsample(splits.Final, options.MaxImages, new Random(options.Seed));
        using var backbone = Embeddings.CreateBackbone();
        var reference = DriftCheck.Rows(Embeddings.Of(splits.Train, data.Report, "reference", progress: progress, cancel: cancel, backbone: backbone));
        var clean = DriftCheck.Rows(Embeddings.Of(pool, data.Report, "clean held-out", progress: progress, cancel: cancel, backbone: backbone));
        var falseAlarm = Rates("none", 0, reference, clean, options);
        log?.Invoke(Line(falseAlarm));
        var points = new List<PowerPoint>();
        foreach (var corruption in options.Corruptions ?? ["fog", "gaussian_noise"])
            foreach (var severity in options.Severities ?? [1, 2, 3, 4, 5])
            {
                var items = Corrupt(data, pool, corruption, severity, options.Seed, cancel);
                var rows = DriftCheck.Rows(Embeddings.Of(items, data.Report, $"{corruption} {severity}", progress: progress, cancel: cancel, backbone: backbone));
                points.Add(Rates(corruption, severity, reference, rows, options));
                log?.Invoke(Line(points[^1]));
            }
        return new PowerCurveReport(data.Name, reference.Count, clean.Count, falseAlarm, points, options, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The detection rates of <paramref name="options"/>' tests over <see cref="PowerOptions.Draws"/> seeded draws of
    /// <see cref="PowerOptions.SampleSize"/> rows of <paramref name="pool"/> against <paramref name="reference"/>.
    /// </summary>
    public static PowerPoint Rates(string corruption, int severity, IReadOnlyList<float[]> reference, IReadOnlyList<float[]> pool, PowerOptions options)
    {
        var drift = (options.Drift ?? new DriftOptions()).Checked();
        if (pool.Count < options.SampleSize) throw new ArgumentException($"The pool has {pool.Count} items, fewer than a draw of {options.SampleSize}.");
        var pca = PrincipalComponents.Fit(reference, drift.Components);
        var referenceProjection = pca.Project(reference);
        var random = new Random(Reproducibility.Mix(options.Seed, severity * 31 + corruption.Length));
        int mmd = 0, ks = 0, psi = 0;
        var pValues = new List<double>();
        for (int d = 0; d < options.Draws; d++)
        {
            var sample = DriftCheck.Subsample(pool, options.SampleSize, random);
            var referenceSample = DriftCheck.Subsample(reference, drift.MaxMmdItems, random);
            var test = MaximumMeanDiscrepancy.Test(referenceSample, sample, drift.Permutations, random.Next());
            var report = DriftCheck.WithComponents(test, referenceProjection, pca.Project(sample), drift);
            if (report.Drift) mmd++;
            if (report.KsDrift) ks++;
            if (report.PsiLevel == PsiLevel.Significant) psi++;
            pValues.Add(test.PValue);
        }
        double n = options.Draws;
        return new PowerPoint(corruption, severity, options.Draws, mmd / n, ks / n, psi / n, Median.Of(pValues));
    }

    /// <summary>
    /// The items of <paramref name="pool"/> corrupted, as files in the user cache (written on first use, kept after):
    /// same labels and splits, paths in the corrupted copy.
    /// </summary>
    public static IReadOnlyList<DataItem> Corrupt(ImageDataset data, IReadOnlyList<DataItem> pool, string corruption, int severity, int seed,
        CancellationToken cancel = default)
    {
        var name = $"{data.Name}-{Corruptions.Canonical(corruption)}-{severity}-seed{seed}-{CorruptedFolder.SourceTag(data.Root)}";
        var root = Path.Combine(DatasetResolver.CacheRoot(), "corrupted", name);
        var subset = data with { Items = pool };
        var copy = CorruptedFolder.Write(subset, root, corruption, severity, seed, cancellationToken: cancel);
        var source = Path.GetFullPath(data.Root);
        return pool.Select(i => i with { Path = Path.Combine(copy.Root, CorruptedFolder.OutputName(Path.GetRelativePath(source, i.Path))) })
            .Where(i => File.Exists(i.Path)).ToList();
    }

    static string Line(PowerPoint p) =>
        $"{(p.Severity == 0 ? "clean held-out" : $"{p.Corruption} {p.Severity}")}: MMD flags {p.MmdRate:P0}, KS {p.KsRate:P0}, PSI>=0.25 {p.PsiSignificantRate:P0} of {p.Draws} draws (median p {p.MedianMmdPValue:F3})";
}
