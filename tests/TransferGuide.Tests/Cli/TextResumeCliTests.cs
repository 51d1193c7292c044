using System.Text.Json;

namespace TransferGuide.Tests.Cli;

/// <summary>A text run stopped by a disconnect says how to go on, and that line carries it on with its own options.</summary>
[Collection(LiveConsoleCollection.Name)]
public class TextResumeCliTests
{
    [Fact]
    public void A_stopped_text_run_prints_a_resume_line_that_finishes_it_with_its_augmentation()
    {
        using var dir = new TempDir();
        var file = TextTrainCliTests.Reviews(dir);
        var runs = dir.Combine("runs");
        // SIGTERM, as a dropped cloud notebook sends; tg treats it as Ctrl+C. Augmented texts are not cached, so the
        // epochs are slow enough to stop mid-run.
        var (code, output) = Tg.Child(Tg.Dotnet, [Tg.Dll, "train", "--data", file, "--runs", runs, "--epochs", "12", "--top-layers", "1",
            "--batch-size", "8", "--text-augment", "swap"], whileRunning: Tg.SignalAfterFirstCheckpoint(runs, "TERM"));
        Assert.True(code == ExitCodes.Stopped, $"exit {code}:\n{output}");
        var resume = LaunchTests.ResumeLine().Match(output.Replace("\n", " "));
        Assert.True(resume.Success, output);

        var (again, log) = Tg.Child("bash", ["-c", resume.Groups[1].Value.Trim()], workingDirectory: Path.GetTempPath());
        Assert.True(again == 0, $"{resume.Groups[1].Value} failed ({again}):\n{log}");
        Assert.Contains("resuming ", log);
        var run = Assert.Single(Directory.GetDirectories(runs));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.Equal(12, metrics.RootElement.GetProperty("epochs").GetInt32()); // the saved plan, not the default 2 epochs
        Assert.Equal("random swap", metrics.RootElement.GetProperty("augmentation").GetString());
    }
}
