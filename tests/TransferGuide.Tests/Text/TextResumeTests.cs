using TransferGuide.Tests.Cli;

namespace TransferGuide.Tests.Text;

/// <summary>A text fine-tune saves a checkpoint every epoch, and a stopped one carries on as if it had never stopped.</summary>
[Collection(TorchRngCollection.Name)] // compares two in-process runs: another class seeding torch's global generator beside it changes the new head
public class TextResumeTests
{
    static TextTrainOptions Small(string file, string runs) =>
        new(Dataset: null, DataFile: file, Epochs: 3, TopLayers: 1, BatchSize: 8, Seed: 7, RunsRoot: runs);

    [Fact]
    public void A_stopped_fine_tune_resumes_in_its_folder_and_ends_where_an_unbroken_run_ends()
    {
        using var dir = new TempDir();
        var file = TextTrainCliTests.Reviews(dir);
        var unbroken = TextTrainRecipe.Run(Small(file, dir.Combine("unbroken")));

        using var cancel = new CancellationTokenSource();
        var stopAfterFirst = new ActionProgress<EpochMetrics>(_ => cancel.Cancel());
        var runs = dir.Combine("runs");
        var stopped = Assert.Throws<RunStoppedException>(() => TextTrainRecipe.Run(Small(file, runs), new RecipeProgress(Epochs: stopAfterFirst), cancel.Token));
        var header = Checkpoint.ReadHeader(Path.Combine(stopped.RunFolder, "model.tgck"));
        Assert.Equal(1, header.Epoch);
        Assert.NotNull(header.Text); // the checkpoint rebuilds the text model, not an image one
        Assert.True(TextTrainRecipe.IsRunFolder(stopped.RunFolder));

        // Only the folder is given: the texts, the seed and the plan come from the run's saved options.
        var log = new List<string>();
        var resumed = TextTrainRecipe.Run(new TextTrainOptions(Resume: stopped.RunFolder, RunsRoot: runs), new RecipeProgress(Log: log.Add));
        Assert.Equal(stopped.RunFolder, resumed.Folder.Path);
        Assert.Single(Directory.GetDirectories(runs));
        Assert.Contains(log, l => l.StartsWith("resuming ", StringComparison.Ordinal) && l.Contains("at epoch 1"));
        Assert.Contains(log, l => l.StartsWith("layers 0-4 run once", StringComparison.Ordinal)); // the cache is rebuilt from the saved weights
        Assert.Equal(3, resumed.Metrics.Epochs);
        Assert.Equal(unbroken.History.Epochs.Select(e => e.TrainLoss), resumed.History.Epochs.Select(e => e.TrainLoss), new Close(1e-5));
        Assert.Equal(unbroken.History.Epochs.Select(e => e.ValidLoss ?? double.NaN), resumed.History.Epochs.Select(e => e.ValidLoss ?? double.NaN), new Close(1e-5));
        Assert.Equal(unbroken.Evaluation.Predicted, resumed.Evaluation.Predicted);
        Assert.Equal("text-finetune", Checkpoint.ReadHeader(resumed.Folder.Checkpoint).Recipe); // the finished model replaces the mid-run checkpoint
    }

    [Fact]
    public void Resume_names_what_is_wrong_with_a_folder_it_cannot_continue()
    {
        using var dir = new TempDir();
        var file = TextTrainCliTests.Reviews(dir);
        var extract = TextTrainRecipe.Run(Small(file, dir.Combine("runs")) with { Recipe = "extract", Epochs = 2 });
        var notText = Assert.Throws<CheckpointException>(() => TextTrainRecipe.Run(new TextTrainOptions(Resume: extract.Folder.Path)));
        Assert.Contains(extract.Folder.Path, notText.Message);
        Assert.Contains("not a text fine-tune", notText.Message);

        // A run stopped while its frozen layers were cached has options but no checkpoint yet.
        var early = Directory.CreateDirectory(dir.Combine("early")).FullName;
        File.WriteAllText(Path.Combine(early, TextTrainRecipe.OptionsFile), "{\"options\":{\"data_file\":\"x.tsv\"},\"augment\":null}");
        var noCheckpoint = Assert.Throws<CheckpointException>(() => TextTrainRecipe.Run(new TextTrainOptions(Resume: early)));
        Assert.Contains("no checkpoint yet", noCheckpoint.Message);

        File.WriteAllText(Path.Combine(early, TextTrainRecipe.OptionsFile), "{\"options\":");
        var damaged = Assert.Throws<CheckpointException>(() => TextTrainRecipe.Run(new TextTrainOptions(Resume: early)));
        Assert.Contains(TextTrainRecipe.OptionsFile, damaged.Message);
        Assert.Contains("Start a new run", damaged.Message);
    }

    sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
