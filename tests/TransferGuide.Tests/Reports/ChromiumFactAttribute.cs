namespace TransferGuide.Tests.Reports;

/// <summary>A fact that needs the system chromium (Debian package <c>chromium</c>); skipped, saying so, when it is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("TG_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public ChromiumFactAttribute()
    {
        if (Executable == null) Skip = "chromium is not installed: run 'apt-get install -y chromium' (or set TG_CHROMIUM) to check reports in a real browser.";
    }
}
