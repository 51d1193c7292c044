using System.Text.Json;
using TransferGuide.Tests.Training;

namespace TransferGuide.Tests.Cli;

[Collection(TransferGuide.Tests.Cli.LiveConsoleCollection.Name)] // tg verbs show live displays; Spectre allows one per process
public class EvaluateCommandTests
{
    [Fact]
    public void Evaluates_a_fine_tuned_learner_checkpoint_with_groups()
    {
        using var dir = new TempDir();
        var data = LearnerFixture.Colours(dir, perClass: 4);
        var checkpoint = dir.Combine("run", "model.tgck");
        using (var learner = Learner.Create(data, options: LearnerFixture.Fast()))
        {
            learner.Fit(1, lr: 1e-3);
            learner.SaveCheckpoint(checkpoint);
        }
        // Half the val images of each class in group "a", half in "b".
        var groups = dir.Bytes("groups.csv", System.Text.Encoding.UTF8.GetBytes("item,group\n" + string.Join("\n",
            data.Split("val").Select((item, i) => $"{Path.GetRelativePath(data.Root, item.Path)},{(i % 2 == 0 ? "a" : "b")}"))));
        var output = dir.Combine("eval");
        Assert.Equal(0, TransferGuide.Tests.Cli.Tg.Exec(["evaluate", "--checkpoint", dir.Combine("run"), "--data", data.Root, "--groups", groups, "--out", output]));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var root = json.RootElement;
        foreach (var field in new[] { "dataset", "model", "recipe", "accuracy", "wall_seconds", "images_per_second", "balanced_accuracy", "roc_auc",
                                      "calibration", "bootstrap", "top_losses", "confusion_matrix", "groups" })
            Assert.True(root.TryGetProperty(field, out _), $"metrics.json lacks {field}");
        Assert.Equal("learner", root.GetProperty("recipe").GetString());
        Assert.Equal(8, root.GetProperty("evaluation_items").GetInt32());
        Assert.Equal(2, root.GetProperty("groups").GetProperty("groups").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(output, "misclassified.csv")));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("Fairness: metrics by group", html);
        Assert.Contains("Grad-CAM", html);
    }

    [Fact]
    public void Evaluates_a_head_only_quickstart_checkpoint_next_to_it_by_default()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("mine", 6);
        var run = Quickstart.Run(new QuickstartOptions(DataDir: root, RunsRoot: dir.Combine("runs"), FeatureCacheFolder: "", Head: new HeadOptions(Epochs: 30)));
        Assert.Equal(0, TransferGuide.Tests.Cli.Tg.Exec(["evaluate", "--checkpoint", run.Folder.Checkpoint, "--data", root]));
        var output = Path.Combine(run.Folder.Path, "evaluation");
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))).RootElement;
        Assert.Equal(Quickstart.RecipeId, summary.GetProperty("recipe").GetString());
        Assert.Equal(run.Metrics.Accuracy, summary.GetProperty("accuracy").GetDouble(), 9); // the same held-out images, the same answer
        Assert.Equal(run.Metrics.EvaluationItems, summary.GetProperty("evaluation_items").GetInt32());
    }

    [Fact]
    public void Classes_that_differ_from_the_checkpoints_are_refused_with_both_lists()
    {
        using var dir = new TempDir();
        var data = LearnerFixture.Colours(dir, perClass: 2);
        var checkpoint = dir.Combine("model.tgck");
        using (var learner = Learner.Create(data, options: LearnerFixture.Fast())) learner.SaveCheckpoint(checkpoint);

        var other = dir.Combine("other");
        dir.Image("other/val/red/r.png", 200, 40, 40);
        dir.Image("other/val/green/g.png", 40, 200, 40);
        dir.Image("other/val/blue/b.png", 40, 40, 200);
        var e = Assert.Throws<CheckpointException>(() => EvaluationReport.Run(checkpoint, ImageFolder.Load(other), dir.Combine("out")));
        Assert.Contains("was trained on 2 classes (blue, red)", e.Message);
        Assert.Contains("has 3 (blue, green, red)", e.Message);
        Assert.Contains("only the data has green", e.Message);
        Assert.False(Directory.Exists(dir.Combine("out")));
        Assert.Equal(2, TransferGuide.Tests.Cli.Tg.Exec(["evaluate", "--checkpoint", checkpoint, "--data", other]));
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["evaluate"]));
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["evaluate", "--checkpoint", dir.Combine("missing.tgck"), "--data", other]));
    }
}
