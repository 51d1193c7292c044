namespace TransferGuide.FewShot;

/// <summary>
/// Draws N-way K-shot episodes from the rows of some classes only (one side of a <see cref="ClassSplit"/>): N
/// distinct classes, then K support and Q query rows of each, without overlap. The draws depend on the seed only.
/// </summary>
public sealed class EpisodeSampler
{
    readonly Dictionary<int, int[]> rowsByClass;

    /// <summary>The classes episodes are drawn from.</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>A sampler over the rows whose label is one of <paramref name="allowedClasses"/>.</summary>
    /// <param name="labels">Dataset class of each feature row.</param>
    /// <param name="allowedClasses">The classes episodes may use.</param>
    public EpisodeSampler(IReadOnlyList<int> labels, IReadOnlyList<int> allowedClasses)
    {
        Classes = allowedClasses.Distinct().Order().ToList();
        var allowed = Classes.ToHashSet();
        rowsByClass = Enumerable.Range(0, labels.Count).Where(i => allowed.Contains(labels[i]))
            .GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var c in Classes) rowsByClass.TryAdd(c, []);
    }

    /// <summary>Rows of the smallest allowed class: K + Q may not exceed it.</summary>
    public int SmallestClass => rowsByClass.Values.Min(r => r.Length);

    /// <summary>Why an episode of this shape cannot be drawn, or null when it can.</summary>
    public string? Problem(int ways, int shots, int queries)
    {
        if (ways < 2) return $"{ways}-way episodes need at least 2 classes.";
        if (ways > Classes.Count) return $"{ways}-way episodes need {ways} classes but only {Classes.Count} are available.";
        if (shots < 1 || queries < 1) return "Every class needs at least 1 support and 1 query image.";
        if (shots + queries > SmallestClass)
            return $"{shots} shots + {queries} queries need {shots + queries} images per class but the smallest class has {SmallestClass}.";
        return null;
    }

    /// <summary>One episode.</summary>
    /// <exception cref="ArgumentException">The shape cannot be drawn (<see cref="Problem"/>).</exception>
    public Episode Sample(int ways, int shots, int queries, Random random)
    {
        if (Problem(ways, shots, queries) is { } problem) throw new ArgumentException(problem);
        // A partial Fisher-Yates shuffle: N distinct classes, then K + Q distinct rows of each.
        var pool = Classes.ToArray();
        for (int i = 0; i < ways; i++) { int j = random.Next(i, pool.Length); (pool[i], pool[j]) = (pool[j], pool[i]); }
        var classes = pool[..ways].ToList();
        var support = new List<int>(ways * shots);
        var query = new List<int>(ways * queries);
        var supportLabels = new List<int>(ways * shots);
        var queryLabels = new List<int>(ways * queries);
        for (int label = 0; label < ways; label++)
        {
            var rows = rowsByClass[classes[label]].ToArray();
            for (int i = 0; i < shots + queries; i++) { int j = random.Next(i, rows.Length); (rows[i], rows[j]) = (rows[j], rows[i]); }
            support.AddRange(rows[..shots]); supportLabels.AddRange(Enumerable.Repeat(label, shots));
            query.AddRange(rows[shots..(shots + queries)]); queryLabels.AddRange(Enumerable.Repeat(label, queries));
        }
        return new Episode(classes, support.ToArray(), supportLabels.ToArray(), query.ToArray(), queryLabels.ToArray());
    }

    /// <summary><paramref name="count"/> episodes, the same for the same seed, whoever asks (every method is scored on the same ones).</summary>
    public IReadOnlyList<Episode> Sample(int count, int ways, int shots, int queries, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Sample(ways, shots, queries, random)).ToList();
    }
}
