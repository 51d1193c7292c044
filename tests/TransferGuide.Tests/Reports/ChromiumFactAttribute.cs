namespace TransferGuide.Tests.Reports;

/// <summary>
/// A fact that needs the system chromium (Debian package <c>chromium</c>); skipped, saying so, when it is absent,
/// except in CI (see <see cref="OptionalDependency"/>), where it runs and fails without it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Makes the test run even without chromium.</summary>
    public const string RequireVariable = "TRANSFERGUIDE_REQUIRE_CHROMIUM";

    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("TG_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public ChromiumFactAttribute() =>
        Skip = OptionalDependency.SkipReason(Executable != null, RequireVariable,
            "chromium is not installed: run 'apt-get install -y chromium' (or set TG_CHROMIUM) to check reports in a real browser.");
}
