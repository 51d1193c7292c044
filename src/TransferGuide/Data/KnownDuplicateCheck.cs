namespace TransferGuide.Data;

/// <summary>
/// A dataset's own list of near-duplicate pairs (a <c>NEAR_DUPLICATES.tsv</c> beside the data, paths relative
/// to the root, as oxford_flowers17 ships), compared with what the cleaning report found.
/// </summary>
/// <param name="ListFile">The list.</param>
/// <param name="Listed">Pairs in the list.</param>
/// <param name="Found">Listed pairs the report also found.</param>
/// <param name="ListedCrossSplit">Listed pairs across splits.</param>
/// <param name="FoundCrossSplit">Of those, found.</param>
/// <param name="Missed">Listed pairs not found (relative paths).</param>
/// <param name="NotListed">Pairs found that the list lacks (relative paths): new finds or false positives, for a person to look at.</param>
/// <param name="NotListedCrossSplit">Of those, across splits.</param>
public sealed record KnownDuplicateCheck(string ListFile, int Listed, int Found, int ListedCrossSplit, int FoundCrossSplit,
    IReadOnlyList<string[]> Missed, IReadOnlyList<string[]> NotListed, int NotListedCrossSplit)
{
    /// <summary>The file name datasets use for their list.</summary>
    public const string FileName = "NEAR_DUPLICATES.tsv";

    /// <summary>Reads the list's pairs (first two tab-separated columns; '#' comments and a file_a header are skipped).</summary>
    public static IReadOnlyList<(string A, string B)> Read(string path) =>
        File.ReadLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("file_a", StringComparison.Ordinal))
            .Select(l => l.Split('\t'))
            .Where(p => p.Length >= 2)
            .Select(p => (Norm(p[0]), Norm(p[1])))
            .ToList();

    /// <summary>Compares <paramref name="found"/> with the list at <paramref name="listFile"/>, paths relative to <paramref name="root"/>.</summary>
    public static KnownDuplicateCheck Compare(string listFile, string root, IReadOnlyList<DuplicatePair> found)
    {
        var listed = Read(listFile).Select(p => Key(p.A, p.B)).ToHashSet();
        var foundKeys = found.ToDictionary(d => Key(Rel(root, d.PathA), Rel(root, d.PathB)), d => d);
        static bool Cross((string A, string B) k) => k.A.Split('/')[0] != k.B.Split('/')[0];
        var missed = listed.Where(k => !foundKeys.ContainsKey(k)).OrderBy(k => k.A, StringComparer.Ordinal).ToList();
        var extra = foundKeys.Where(kv => !listed.Contains(kv.Key)).OrderBy(kv => kv.Key.A, StringComparer.Ordinal).ToList();
        return new KnownDuplicateCheck(listFile, listed.Count, listed.Count - missed.Count,
            listed.Count(Cross), listed.Count(k => Cross(k) && foundKeys.ContainsKey(k)),
            missed.Select(k => new[] { k.A, k.B }).ToList(), extra.Select(kv => new[] { kv.Key.A, kv.Key.B }).ToList(),
            extra.Count(kv => kv.Value.CrossSplit));
    }

    static string Norm(string p) => p.Trim().Replace('\\', '/');
    static string Rel(string root, string path) => Norm(Path.GetRelativePath(root, path));
    static (string A, string B) Key(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
