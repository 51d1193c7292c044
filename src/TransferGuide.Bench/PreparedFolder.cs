namespace TransferGuide.Bench;

/// <summary>
/// A folder written by a slow preparation (spectrograms, corrupted copies, few-label picks) that appears only when the
/// preparation finished: it is written beside its place as <c>NAME.partial</c> and moved in at the end. A benchmark
/// stopped half-way through preparing (Ctrl+C, a closed session) would otherwise leave a folder of a few classes that the
/// next run reuses as if it were the set.
/// </summary>
public static class PreparedFolder
{
    /// <summary>Where <paramref name="folder"/> is written while it is prepared.</summary>
    public static string Staging(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + ".partial";

    /// <summary>
    /// Prepares <paramref name="folder"/> with <paramref name="write"/> (given the staging folder) unless it already exists.
    /// A staging folder left by an earlier, stopped preparation is deleted first. If <paramref name="write"/> throws,
    /// nothing appears at <paramref name="folder"/>.
    /// </summary>
    /// <returns>Whether it was prepared now (false: it was already there).</returns>
    public static bool Ensure(string folder, Action<string> write)
    {
        if (Directory.Exists(folder)) return false;
        string staging = Staging(folder);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        write(staging);
        if (!Directory.Exists(staging))
            throw new InvalidOperationException($"the preparation wrote nothing to {staging}");
        Directory.Move(staging, folder);
        return true;
    }
}
