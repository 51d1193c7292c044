namespace TransferGuide.Core;

/// <summary>
/// Finds the kit's repository (the folder holding TransferGuide.sln) above a path. Datasets live beside it in
/// <c>../shared/datasets</c>, runs inside it in <c>runs/</c>, weeks in <c>month1/</c> to <c>month3/</c>.
/// </summary>
public static class Repository
{
    /// <summary>The solution file that marks the repository.</summary>
    public const string Marker = "TransferGuide.sln";

    static readonly List<string> _known = [];

    /// <summary>The repository at or above <paramref name="start"/>, or null.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        return null;
    }

    /// <summary>The repository above the working directory, else the working directory itself.</summary>
    public static string FromWorkingDirectory() => Find(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();

    /// <summary>
    /// Repositories made known by the code that runs, e.g. a week's program whose source is in the repository while
    /// its working directory and binaries are elsewhere; dataset lookup searches beside them too.
    /// </summary>
    public static IReadOnlyList<string> Known { get { lock (_known) return [.. _known]; } }

    /// <summary>Adds a repository to <see cref="Known"/>.</summary>
    public static void Remember(string root)
    {
        lock (_known) if (!_known.Contains(root)) _known.Add(root);
    }
}
