using TransferGuide.Tests.Audio;

namespace TransferGuide.Tests.Cli;

/// <summary>tg train and tg evaluate on sound: a folder of WAV class folders, the same run folder as images.</summary>
[Collection(LiveConsoleCollection.Name)] // tg verbs show live displays; Spectre allows one per process
public class AudioTrainCliTests
{
    [Fact]
    public void Train_on_a_wav_folder_writes_an_audio_run_folder_that_evaluate_reads()
    {
        using var dir = new TempDir();
        var root = SpokenFixture.Create(dir);
        SpokenFixture.AddMessyFiles(dir, root);
        var runs = dir.Combine("runs");
        var (code, output) = Tg.Run("train", "--data", root, "--recipe", "extract", "--image-size", "32", "--epochs", "20", "--runs", runs);
        Assert.True(code == 0, output);
        Assert.Contains("clips not used", output);
        var run = Assert.Single(Directory.GetDirectories(runs));
        foreach (var f in new[] { "metrics.json", "report.html", "model.tgck", AudioTrainRecipe.OptionsFile })
            Assert.True(File.Exists(Path.Combine(run, f)), f + "\n" + output);
        var metrics = System.Text.Json.JsonSerializer.Deserialize<AudioRunMetrics>(File.ReadAllText(Path.Combine(run, "metrics.json")), JsonDefaults.SnakeCase)!;
        Assert.Equal("audio-extract", metrics.Recipe);
        Assert.Equal(["high", "low"], metrics.Classes);
        var html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("Misclassified clips", html);
        if (metrics.Accuracy < 1) Assert.Contains("<audio controls", html); // each mistake can be heard

        var (evalCode, evalOutput) = Tg.Run("evaluate", "--checkpoint", run);
        Assert.True(evalCode == 0, evalOutput);
        Assert.Contains("from the checkpoint", evalOutput);
        var evaluated = System.Text.Json.JsonSerializer.Deserialize<AudioRunMetrics>(File.ReadAllText(Path.Combine(run, "evaluation", "metrics.json")), JsonDefaults.SnakeCase)!;
        Assert.Equal(metrics.Accuracy, evaluated.Accuracy, 6); // the same test split, the same input, the same predictions
    }

    [Fact]
    public void Bad_audio_options_name_the_fix_and_leave_nothing_behind()
    {
        using var dir = new TempDir();
        var root = SpokenFixture.Create(dir);
        var runs = dir.Combine("runs");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("train", "--data", root, "--holdout-speaker", "zed", "--runs", runs), "zed", "ann, bob");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("train", "--data", root, "--recipe", "auto", "--runs", runs), "finetune or extract");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("train", "--data", root, "--augment", "wild", "--runs", runs), "Unknown audio augmentation 'wild'");
        Assert.False(Directory.Exists(runs) && Directory.EnumerateFileSystemEntries(runs).Any());
    }
}
