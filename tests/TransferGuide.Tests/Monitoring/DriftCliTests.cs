using System.Text.Json;
using TransferGuide.Tests.Cli;

namespace TransferGuide.Tests.Monitoring;

[Collection(LiveConsoleCollection.Name)]
public class DriftCliTests
{
    [Fact]
    public void Missing_run_folder_exits_2_naming_it_and_the_fix()
    {
        using var dir = new TempDir();
        var missing = dir.Combine("runs", "nope");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("drift", "--reference", missing, "--data", Tg.Colours(dir), "--runs", dir.Combine("out")),
            missing, "does not exist", "--reference-dataset");
        Assert.False(Directory.Exists(dir.Combine("out")));
    }

    [Fact]
    public void Run_folder_without_a_checkpoint_exits_2()
    {
        using var dir = new TempDir();
        var empty = dir.Combine("run");
        Directory.CreateDirectory(empty);
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("drift", "--reference", empty, "--data", Tg.Colours(dir)), "has no model.tgck");
    }

    [Fact]
    public void No_reference_and_two_references_are_refused()
    {
        using var dir = new TempDir();
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("drift", "--data", Tg.Colours(dir)), "--reference RUN");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("drift", "--reference", "a", "--reference-dataset", "oxford_flowers17"), "only one of");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("drift", "--reference-dataset", "oxford_flowers17", "--correction", "sidak"), "holm or bonferroni");
    }

    [Fact]
    public void Drift_on_a_small_folder_prints_the_verdict_and_writes_a_run_folder()
    {
        using var dir = new TempDir();
        var reference = dir.ColourDataset("old", 6, "train", "val");
        var fresh = dir.ColourDataset("new", 4, "train", "val");
        var runs = dir.Combine("runs");
        var result = Tg.Run("drift", "--reference-data", reference, "--data", fresh, "--runs", runs, "--permutations", "50", "--components", "3");
        Assert.True(result.Code == 0, result.Output);
        Assert.Contains("Verdict:", result.Output);
        Assert.Contains("MMD", result.Output);
        var run = Assert.Single(Directory.GetDirectories(runs));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.Contains(metrics.RootElement.GetProperty("verdict").GetString(), new[] { "drift", "no drift" });
        var p = metrics.RootElement.GetProperty("drift").GetProperty("mmd").GetProperty("p_value").GetDouble();
        Assert.InRange(p, 1.0 / 51, 1.0);
        Assert.Contains("Verdict", File.ReadAllText(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void A_trained_run_folder_is_a_reference_its_data_and_seed_read_from_the_checkpoint()
    {
        using var dir = new TempDir();
        var data = dir.ColourDataset("mine", 6, "train", "val");
        var trained = Tg.Run(Tg.Train(data, dir.Combine("trained")));
        Assert.True(trained.Code == 0, trained.Output);
        var run = Assert.Single(Directory.GetDirectories(dir.Combine("trained")));
        var runs = dir.Combine("runs");
        var result = Tg.Run("drift", "--reference", run, "--data", dir.ColourDataset("new", 3), "--runs", runs, "--permutations", "20");
        Assert.True(result.Code == 0, result.Output);
        Assert.Contains("Verdict:", result.Output);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(Assert.Single(Directory.GetDirectories(runs)), "metrics.json")));
        Assert.Equal(run, metrics.RootElement.GetProperty("reference_run").GetString());
    }
}
