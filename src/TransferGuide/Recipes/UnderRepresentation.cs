using System.Globalization;
using TransferGuide.Data;

namespace TransferGuide.Recipes;

/// <summary>
/// An experiment's deliberate gap: keep only <paramref name="Keep"/> training items of <paramref name="Group"/> (drawn
/// with the seed), so that a balanced dataset shows what under-representation does to that group's accuracy.
/// </summary>
/// <param name="Group">The group to thin out (a speaker for fsdd).</param>
/// <param name="Keep">Training items of it to keep.</param>
public sealed record UnderRepresentation(string Group, int Keep)
{
    /// <summary>Training items kept when a spec names a group without a number.</summary>
    public const int DefaultKeep = 10;

    /// <summary>Parses <c>GROUP[:N][,GROUP[:N]...]</c>, e.g. <c>jackson:10,theo:5</c>; null or empty: none.</summary>
    /// <exception cref="ArgumentException">A part without a group, or N not a whole number ≥ 0.</exception>
    public static IReadOnlyList<UnderRepresentation> Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) return [];
        var parts = new List<UnderRepresentation>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = part.Split(':', StringSplitOptions.TrimEntries);
            if (fields.Length > 2 || fields[0].Length == 0)
                throw new ArgumentException($"--underrepresent {spec}: '{part}' is not GROUP or GROUP:N (for example jackson:10).");
            int keep = DefaultKeep;
            if (fields.Length == 2 && (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out keep)))
                throw new ArgumentException($"--underrepresent {spec}: '{fields[1]}' is not a number of items to keep (a whole number, 0 or more).");
            parts.Add(new UnderRepresentation(fields[0], keep));
        }
        return parts;
    }

    /// <summary>
    /// <paramref name="train"/> with each named group thinned to its <see cref="Keep"/> items, drawn with <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A named group has no training item (the known groups are listed).</exception>
    public static IReadOnlyList<DataItem> Apply(IReadOnlyList<DataItem> train, Func<DataItem, string?> groupOf, IReadOnlyList<UnderRepresentation> gaps,
        int seed, string groupWord = "group")
    {
        if (gaps.Count == 0) return train;
        var known = train.Select(groupOf).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var gap in gaps.Where(g => !known.Contains(g.Group)))
            throw new ArgumentException($"--underrepresent: no training clip of {groupWord} '{gap.Group}'. The known {groupWord}s are: {string.Join(", ", known)}.");
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gap in gaps)
        {
            // Sorted first, so the draw depends on the seed and the files only.
            var members = train.Where(i => groupOf(i) == gap.Group).Select(i => i.Path).Order(StringComparer.Ordinal).ToArray();
            new Random(seed).Shuffle(members);
            kept.UnionWith(members.Take(gap.Keep));
        }
        var thinned = gaps.Select(g => g.Group).ToHashSet(StringComparer.Ordinal);
        return train.Where(i => groupOf(i) is not { } g || !thinned.Contains(g) || kept.Contains(i.Path)).ToList();
    }
}
