namespace TransferGuide.Cli;

/// <summary>The closest valid name to a mistyped one, by Levenshtein (edit) distance, for "did you mean" hints.</summary>
public static class NearestName
{
    /// <summary>The candidate nearest to <paramref name="typed"/> (ties: the first); null when there are none.</summary>
    public static string? Of(string typed, IEnumerable<string> candidates) =>
        candidates.Select(c => (Name: c, Distance: Distance(typed.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name.Length).Select(x => x.Name).FirstOrDefault();

    /// <summary>Insertions, deletions and substitutions that turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
