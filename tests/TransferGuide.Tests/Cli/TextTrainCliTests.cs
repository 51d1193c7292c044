using System.Text;
using TransferGuide.Cli;

namespace TransferGuide.Tests.Cli;

/// <summary>tg train and tg evaluate on text: the catalog or a TSV file of your own, the same run folder as images.</summary>
[Collection(LiveConsoleCollection.Name)] // tg verbs show live displays; Spectre allows one per process
public class TextTrainCliTests
{
    static readonly string[] Positive = ["a wonderful , moving film", "great acting and a clever script", "funny , warm and smart", "i loved every minute", "a beautiful and touching story", "brilliant and charming"];
    static readonly string[] Negative = ["a dull , boring mess", "terrible acting and a stupid plot", "painfully slow and tedious", "i hated every minute", "an ugly and pointless story", "awful and lifeless"];

    internal static string Reviews(TempDir dir)
    {
        var lines = new StringBuilder();
        for (int round = 0; round < 3; round++)
            for (int i = 0; i < Positive.Length; i++)
                lines.Append($"good\t{Positive[i]}{(round > 0 ? $" , take {round}" : "")}\nbad\t{Negative[i]}{(round > 0 ? $" , take {round}" : "")}\n");
        return dir.Bytes("reviews.tsv", Encoding.UTF8.GetBytes(lines.ToString()));
    }

    [Fact]
    public void Train_on_a_tsv_writes_a_text_run_folder_that_evaluate_reads()
    {
        using var dir = new TempDir();
        var file = Reviews(dir);
        var runs = dir.Combine("runs");
        var (code, output) = Tg.Run("train", "--data", file, "--runs", runs, "--epochs", "2", "--top-layers", "1", "--batch-size", "8");
        Assert.True(code == 0, output);
        var run = Assert.Single(Directory.GetDirectories(runs));
        foreach (var f in new[] { "metrics.json", "report.html", "model.tgck" }) Assert.True(File.Exists(Path.Combine(run, f)), f + "\n" + output);
        var metrics = System.Text.Json.JsonSerializer.Deserialize<TextRunMetrics>(File.ReadAllText(Path.Combine(run, "metrics.json")), JsonDefaults.SnakeCase)!;
        Assert.Equal("text-finetune", metrics.Recipe);
        Assert.Equal(1, metrics.TrainedLayers);
        Assert.Equal(5, metrics.CachedLayers);
        Assert.Equal(2, metrics.Epochs);
        Assert.Equal(["bad", "good"], metrics.Classes);
        Assert.True(metrics.PeakRssMegabytes > 0);
        var header = Checkpoint.ReadHeader(Path.Combine(run, "model.tgck"));
        Assert.Equal(128, header.Text!.Tokenizer.MaxTokens);
        Assert.True(header.Text.Tokenizer.Lowercase);
        Assert.Contains("Most confident mistakes", File.ReadAllText(Path.Combine(run, "report.html")));

        var (evalCode, evalOutput) = Tg.Run("evaluate", "--checkpoint", run, "--data", file);
        Assert.True(evalCode == 0, evalOutput);
        var evaluated = System.Text.Json.JsonSerializer.Deserialize<TextRunMetrics>(File.ReadAllText(Path.Combine(run, "evaluation", "metrics.json")), JsonDefaults.SnakeCase)!;
        Assert.Equal(metrics.Accuracy, evaluated.Accuracy, 6); // the same test split, the same predictions
    }

    [Fact]
    public void Train_on_a_bad_tsv_names_the_file_and_line()
    {
        using var dir = new TempDir();
        var file = dir.Bytes("bad.tsv", "good\tfine\nbad\tworse\nno tab here\n"u8.ToArray());
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("train", "--data", file, "--runs", dir.Combine("runs")), file, "line 3");
        Assert.False(Directory.Exists(dir.Combine("runs")));
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("train", "--data", Reviews(dir), "--runs", dir.Combine("runs"), "--pooling", "max"), "--pooling");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("train", "--data", Reviews(dir), "--runs", dir.Combine("runs"), "--labels-per-class", "0"), "--labels-per-class");
    }
}
