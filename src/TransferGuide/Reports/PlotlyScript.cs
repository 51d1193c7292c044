using Plotly.NET;

namespace TransferGuide.Reports;

/// <summary>
/// plotly.js as the Plotly.NET package embeds it, so that reports, chart files and the course site draw
/// offline: nothing is fetched from the network.
/// </summary>
public static class PlotlyScript
{
    /// <summary>The file name chart pages use when they share one copy of the script.</summary>
    public const string FileName = "plotly.min.js";

    static readonly Lazy<string> Source = new(() =>
    {
        var asm = typeof(GenericChart).Assembly;
        var name = asm.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".min.js", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException("plotly.js is not embedded in this Plotly.NET build; charts cannot be drawn offline.");
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The script as it may stand inside an inline &lt;script&gt; block.</summary>
    // A literal "</script>" inside the library would end the inline block early.
    public static string Inline => Source.Value.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes <see cref="FileName"/> into <paramref name="folder"/> unless it is already there; returns its path.</summary>
    public static string WriteBeside(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) Core.AtomicFile.WriteText(path, Source.Value);
        return path;
    }
}
