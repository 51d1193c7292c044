using TransferGuide.Tests.Data;

namespace TransferGuide.Tests.Cli;

/// <summary>
/// Spectre.Console allows one live display per process at a time, so the verbs that show one are tested in
/// one collection, never side by side.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveConsoleCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "live console displays";
}

[Collection(LiveConsoleCollection.Name)]
public class DataReportCliTests
{
    [Fact]
    public void Cli_writes_html_json_and_the_leak_list()
    {
        using var dir = new TempDir();
        var (root, f) = DataCleanerTests.Messy(dir);
        var leaks = dir.Combine("out", "leaks.txt");
        Assert.Equal(0, TransferGuide.Tests.Cli.Tg.Exec(["data", "report", "--data", root, "--runs", dir.Combine("runs"), "--write-leaks", leaks]));
        var run = Assert.Single(Directory.GetDirectories(dir.Combine("runs")));
        Assert.True(File.Exists(Path.Combine(run, "data_report.json")));
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        Assert.Equal(new[] { f["exact"], f["near"] }.Order(StringComparer.Ordinal), File.ReadAllLines(leaks));
    }

    [Fact]
    public void Cli_on_a_missing_folder_exits_non_zero()
    {
        using var dir = new TempDir();
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["data", "report", "--data", dir.Combine("missing"), "--runs", dir.Combine("runs")]));
    }
}
