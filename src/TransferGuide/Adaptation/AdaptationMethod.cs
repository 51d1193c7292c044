namespace TransferGuide.Adaptation;

/// <summary>How a classifier trained on a labelled source domain is made to work on an unlabelled target domain.</summary>
public enum AdaptationMethod
{
    /// <summary>Source only: the head is trained on source features and applied to the target as it is (the baseline).</summary>
    None,

    /// <summary>CORAL: source features whitened and re-coloured with the target's covariance before the head is trained.</summary>
    Coral,

    /// <summary>DANN: a domain classifier behind a gradient-reversal layer pushes the bottleneck towards features that hide the domain.</summary>
    Dann,
}

/// <summary>Names of the adaptation methods as users type them ("none", "coral", "dann", "all", or a comma list).</summary>
public static class AdaptationMethods
{
    /// <summary>Every method, baseline first.</summary>
    public static IReadOnlyList<AdaptationMethod> All { get; } = [AdaptationMethod.None, AdaptationMethod.Coral, AdaptationMethod.Dann];

    /// <summary>The names users type, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(Name).ToList();

    /// <summary>The lower-case name of a method ("none", "coral", "dann").</summary>
    public static string Name(AdaptationMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>
    /// Reads "all", one name, or a comma-separated list ("none,dann"); repeats are dropped and the baseline is kept
    /// first when present. An unknown name throws an <see cref="ArgumentException"/> that lists the valid ones.
    /// </summary>
    public static IReadOnlyList<AdaptationMethod> Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException($"No adaptation method given: use one of {string.Join(", ", Names)}, a comma list of them, or all.", nameof(text));
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var methods = new List<AdaptationMethod>();
        foreach (var part in parts)
        {
            if (part.Equals("all", StringComparison.OrdinalIgnoreCase)) { methods.AddRange(All); continue; }
            var index = Names.ToList().FindIndex(n => n.Equals(part, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                throw new ArgumentException($"'{part}' is not an adaptation method: use {string.Join(", ", Names)}, a comma list of them, or all.", nameof(text));
            methods.Add(All[index]);
        }
        return methods.Distinct().OrderBy(m => m == AdaptationMethod.None ? 0 : 1).ToList();
    }
}
