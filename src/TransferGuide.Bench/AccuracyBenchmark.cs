using TransferGuide.Core;

namespace TransferGuide.Bench;

/// <summary>One dataset of the accuracy benchmark.</summary>
/// <param name="Name">Short name in the table.</param>
/// <param name="Domain">"home" (ImageNet-like photos) or "far" (far from ImageNet).</param>
/// <param name="Target">Mean test accuracy the default recipe must reach.</param>
/// <param name="Catalog">Catalog dataset trained with --dataset (null: a prepared folder, <paramref name="Prepare"/>).</param>
/// <param name="Prepare">The tg command (after "tg") that writes the folder, with {dir} for where; null for catalog sets.</param>
/// <param name="Needs">What the preparation needs, for the message when it cannot run.</param>
/// <param name="OwnFolder">A user's folder of class folders, trained as it is.</param>
public sealed record AccuracySet(string Name, string Domain, double Target, string? Catalog = null, string[]? Prepare = null, string? Needs = null,
    string? OwnFolder = null)
{
    /// <summary>The benchmark's sets: far from ImageNet, and the home ground that far-domain gains must not cost.</summary>
    public static IReadOnlyList<AccuracySet> Default { get; } =
    [
        new("sign_digits", "far", 0.98, Catalog: "sign_language_digits"),
        new("fashion_k100", "far", 0.85, Prepare: ["fewlabels", "--per-class", "100", "--test-per-class", "100", "--out", "{dir}"],
            Needs: "Fashion-MNIST (sudo apt-get install dataset-fashion-mnist)"),
        new("fsdd_mel", "far", 0.85, Prepare: ["audio", "spectrograms", "--dataset", "fsdd", "--out", "{dir}"]),
        // Flowers under ImageNet-C fog at severity 3, train and test alike: the home set moved far by a corruption.
        new("flowers17_fog3", "far", 0.85, Prepare: ["data", "corrupt", "--dataset", "oxford_flowers17", "--corruption", "fog",
            "--severity", "3", "--seed", "42", "--out", "{dir}"]),
        new("ants_bees", "home", 0.94, Catalog: "hymenoptera_data"),
        new("flowers17", "home", 0.96, Catalog: "oxford_flowers17"),
    ];

    /// <summary>The tg train arguments that select this set's data.</summary>
    public IReadOnlyList<string> DataArguments(string dataRoot) =>
        Catalog != null ? ["--dataset", Catalog] : ["--data", Folder(dataRoot)];

    /// <summary>Where the set's folder is (a prepared set's under <paramref name="dataRoot"/>).</summary>
    public string Folder(string dataRoot) => OwnFolder ?? Path.Combine(dataRoot, Name);

    /// <summary>A benchmark set by name, or a folder of one's own (target 85%).</summary>
    /// <exception cref="ArgumentException">Neither.</exception>
    public static AccuracySet Named(string nameOrFolder) =>
        Default.FirstOrDefault(d => d.Name == nameOrFolder)
        ?? (Directory.Exists(nameOrFolder)
            ? new AccuracySet(Path.GetFileName(Path.GetFullPath(nameOrFolder).TrimEnd('/')), "own", 0.85, OwnFolder: Path.GetFullPath(nameOrFolder))
            : throw new ArgumentException($"'{nameOrFolder}' is neither a benchmark set ({string.Join(", ", Default.Select(d => d.Name))}) nor a folder."));
}

/// <summary>One training run of the benchmark: what metrics.json said (<paramref name="SingleViewAccuracy"/>: the centre crop alone, when the test accuracy averaged views).</summary>
public sealed record AccuracyRun(string Set, string Precision, int Seed, string Recipe, double TestAccuracy, double? ValAccuracy,
    int Epochs, int? BestEpoch, double WallSeconds, double PeakRssMb, double? SingleViewAccuracy = null);

/// <summary>A set at one precision over its seeds.</summary>
public sealed record AccuracySummary(string Set, string Domain, string Precision, int Runs, double Mean, double Spread, double Min, double Max,
    double Target, double MeanWallSeconds, double PeakRssMb)
{
    /// <summary>Whether the mean reaches the target.</summary>
    public bool Meets => Mean >= Target;

    /// <summary>Mean and sample standard deviation of each set and precision, in the order the runs came.</summary>
    public static IReadOnlyList<AccuracySummary> Of(IReadOnlyList<AccuracyRun> runs, IReadOnlyList<AccuracySet> sets) =>
        runs.GroupBy(r => (r.Set, r.Precision)).Select(g =>
        {
            var acc = g.Select(r => r.TestAccuracy).ToArray();
            double mean = acc.Average();
            double spread = acc.Length < 2 ? 0 : Math.Sqrt(acc.Sum(a => (a - mean) * (a - mean)) / (acc.Length - 1));
            var set = sets.FirstOrDefault(s => s.Name == g.Key.Set);
            return new AccuracySummary(g.Key.Set, set?.Domain ?? "own", g.Key.Precision, acc.Length, mean, spread, acc.Min(), acc.Max(),
                set?.Target ?? 0.85, g.Average(r => r.WallSeconds), g.Max(r => r.PeakRssMb));
        }).ToList();

    /// <summary>
    /// Whether <paramref name="candidate"/>'s mean is within the seed spread of <paramref name="reference"/>'s (paired runs of one
    /// set): the rule that decides whether a cheaper precision may become the default.
    /// </summary>
    public static bool WithinSpread(AccuracySummary reference, AccuracySummary candidate) =>
        candidate.Mean >= reference.Mean - Math.Max(reference.Spread, candidate.Spread);
}
