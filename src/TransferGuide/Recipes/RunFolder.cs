namespace TransferGuide.Recipes;

/// <summary><c>runs/&lt;id&gt;/</c>: where a run keeps metrics.json, report.html and its checkpoint.</summary>
public sealed class RunFolder
{
    /// <summary>The folder.</summary>
    public string Path { get; }

    RunFolder(string path) => Path = path;

    /// <summary>Creates a new run folder named by the UTC time, under <paramref name="root"/>.</summary>
    public static RunFolder Create(string root = "runs")
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, stamp));
        for (int n = 2; Directory.Exists(path); n++)
            path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, $"{stamp}-{n}"));
        Directory.CreateDirectory(path);
        return new RunFolder(path);
    }

    /// <summary>An existing run folder (to resume into).</summary>
    public static RunFolder Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"Run folder {full} does not exist. Pass a folder under runs/ or its model.tgck.");
        return new RunFolder(full);
    }

    /// <summary>metrics.json.</summary>
    public string Metrics => System.IO.Path.Combine(Path, "metrics.json");
    /// <summary>report.html.</summary>
    public string Report => System.IO.Path.Combine(Path, "report.html");
    /// <summary>The checkpoint.</summary>
    public string Checkpoint => System.IO.Path.Combine(Path, "model.tgck");
}
