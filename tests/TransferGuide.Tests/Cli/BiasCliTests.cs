using TransferGuide.Tests.Audio;

namespace TransferGuide.Tests.Cli;

/// <summary>tg bias on a generated WAV folder whose file names say who speaks.</summary>
[Collection(LiveConsoleCollection.Name)] // tg verbs show live displays; Spectre allows one per process
public class BiasCliTests
{
    [Fact]
    public void Bias_prints_representation_and_gaps_and_writes_a_run_folder()
    {
        using var dir = new TempDir();
        var root = SpokenFixture.Create(dir, ["ann", "bob", "cy"]);
        var runs = dir.Combine("runs");
        var (code, output) = Tg.Run("bias", "--data", root, "--underrepresent", "bob:1", "--image-size", "32", "--epochs", "5", "--no-cache", "--runs", runs);
        Assert.True(code == 0, output);
        Assert.Contains("smallest is bob (1 items", output);
        Assert.Contains("Without mitigation", output);
        Assert.Contains("reweight accuracy", output);
        var run = Assert.Single(Directory.GetDirectories(runs));
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json"))).RootElement;
        Assert.Equal(["none", "reweight", "balance"], json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("mitigation").GetString()));
        Assert.Equal("bob", json.GetProperty("representation").GetProperty("smallest_group").GetString());
        Assert.Contains("Per-group accuracy", File.ReadAllText(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void An_unknown_speaker_or_mitigation_is_refused_with_the_valid_ones()
    {
        using var dir = new TempDir();
        var root = SpokenFixture.Create(dir);
        var runs = dir.Combine("runs");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("bias", "--data", root, "--underrepresent", "zed:3", "--runs", runs), "speaker 'zed'", "The known speakers are: ann, bob");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("bias", "--data", root, "--mitigation", "wild", "--runs", runs), "--mitigation", "none, reweight, balance or both");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("bias", "--data", root, "--groups", dir.Combine("missing.csv"), "--runs", runs), "--groups", "missing.csv");
        Assert.False(Directory.Exists(runs) && Directory.EnumerateFileSystemEntries(runs).Any());
    }
}
