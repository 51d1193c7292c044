using TransferGuide.Tests.Cli;

namespace TransferGuide.Tests.Adaptation;

[Collection(LiveConsoleCollection.Name)]
public class AdaptCliTests
{
    [Theory]
    [InlineData("mmd", "'mmd' is not a method")]
    [InlineData("none,corel", "Did you mean coral?")]
    public void A_bad_method_is_refused_before_any_work(string method, string message)
    {
        using var dir = new TempDir();
        var runs = dir.Combine("runs");
        var result = Tg.Run("adapt", "--target-data", dir.Path, "--method", method, "--runs", runs);
        Tg.Fails(ExitCodes.InvalidInput, result, "--method", message, "none, coral, dann");
        Assert.False(Directory.Exists(runs));
    }

    [Fact]
    public void A_missing_target_names_both_options()
    {
        using var dir = new TempDir();
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("adapt", "--runs", dir.Combine("runs")), "--target NAME", "--target-data DIR");
    }

    [Fact]
    public void A_tiny_run_prints_the_table_and_writes_the_run_folder()
    {
        using var dir = new TempDir();
        var source = dir.ColourDataset("colours", 2, "train", "val");
        var target = dir.ColourDataset("again", 2, "train", "val");
        var runs = dir.Combine("runs");
        var (code, output) = Tg.Run("adapt", "--source-data", source, "--target-data", target, "--method", "none,dann", "--seeds", "1",
            "--epochs", "2", "--bottleneck", "8", "--runs", runs);
        Assert.True(code == 0, output);
        Assert.Contains("gain over none", output);
        Assert.Contains("dann", output);
        var folder = Assert.Single(Directory.GetDirectories(runs));
        Assert.True(File.Exists(Path.Combine(folder, "metrics.json")) && File.Exists(Path.Combine(folder, "report.html")));
    }
}
