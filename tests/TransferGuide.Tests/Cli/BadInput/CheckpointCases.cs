using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TransferGuide.Tests.Cli.BadInput;

/// <summary>
/// Bad-input suite, checkpoints and resume: a damaged, foreign, future, finished or format-1 checkpoint, and a run
/// whose data folder is gone or changed, each stop with exit 2 naming the file or folder and the fix; resuming uses
/// the data the checkpoint recorded, not the default dataset.
/// </summary>
[Collection(LiveConsoleCollection.Name)]
public class CheckpointCases
{
    /// <summary>A finished one-epoch run on a tiny folder; returns the run folder.</summary>
    static string TrainedRun(TempDir dir, string data)
    {
        var result = Tg.Run(Tg.Train(data, dir.Combine("runs")));
        Assert.True(result.Code == 0, result.Output);
        return Assert.Single(Directory.GetDirectories(dir.Combine("runs")));
    }

    /// <summary>A run stopped after its head epoch, with one epoch still to go (as after Ctrl+C); returns the run folder.</summary>
    static string StoppedRun(TempDir dir, string data)
    {
        using var stop = new CancellationTokenSource();
        var progress = new RecipeProgress(Epochs: new ActionProgress<EpochMetrics>(e => { if (e.Epoch == 1) stop.Cancel(); }));
        var options = new TrainOptions(DataDir: data, Epochs: 1, RunsRoot: dir.Combine("runs"), Learner: new LearnerOptions { BatchSize = 4, ImageSize = 32, Seed = 7 });
        return Assert.Throws<RunStoppedException>(() => TrainRecipe.Run(options, progress, stop.Token)).RunFolder;
    }

    /// <summary>Changes a run's data folder after training: "added" puts a new red training image in, "removed" deletes a held-out one.</summary>
    static void Change(TempDir dir, string data, string change)
    {
        if (change == "added") dir.Image("colours/train/red/new.png", 210, 30, 30, seed: 99);
        else File.Delete(Path.Combine(data, "val", "blue", "b0.jpg"));
    }

    static (int Code, string Output) Resume(string run, params string[] more) => Tg.Run(["train", "--resume", run, .. more]);

    [Fact]
    public void Truncated_checkpoint_exits_2_and_says_use_an_earlier_one()
    {
        using var dir = new TempDir();
        var run = TrainedRun(dir, Tg.Colours(dir));
        var checkpoint = Path.Combine(run, "model.tgck");
        var bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes.Take(bytes.Length / 2).ToArray());
        Tg.Fails(ExitCodes.InvalidInput, Resume(run), checkpoint, "Use an earlier checkpoint or train again");
    }

    [Fact]
    public void File_that_is_not_a_checkpoint_exits_2()
    {
        using var dir = new TempDir();
        var fake = dir.Bytes("model.tgck", Encoding.UTF8.GetBytes("<html>not found</html>"));
        Tg.Fails(ExitCodes.InvalidInput, Resume(fake), fake, "not a TransferGuide checkpoint");
    }

    [Fact]
    public void Missing_checkpoint_exits_2_with_where_runs_keep_theirs()
    {
        using var dir = new TempDir();
        Tg.Fails(ExitCodes.InvalidInput, Resume(dir.Combine("runs", "nope")), "does not exist", "runs/<id>/model.tgck");
    }

    [Fact]
    public void Checkpoint_from_a_newer_kit_exits_2_saying_update()
    {
        using var dir = new TempDir();
        var run = TrainedRun(dir, Tg.Colours(dir));
        var checkpoint = Path.Combine(run, "model.tgck");
        Rewrite(checkpoint, Checkpoint.FormatVersion + 1, header => header);
        Tg.Fails(ExitCodes.InvalidInput, Resume(run), checkpoint, "Update TransferGuide");
    }

    [Fact]
    public void Finished_head_only_model_is_not_resumable_and_says_what_to_do()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var quick = Quickstart.Run(new QuickstartOptions(DataDir: data, RunsRoot: dir.Combine("q"), FeatureCacheFolder: "", Head: new HeadOptions(Epochs: 2)));
        Tg.Fails(ExitCodes.InvalidInput, Resume(quick.Folder.Path), "holds a finished model", "start a new run");
    }

    [Fact]
    public void Format_1_checkpoint_without_its_data_asks_for_data_and_resumes_with_it()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var run = StoppedRun(dir, data);
        var checkpoint = Path.Combine(run, "model.tgck");
        Rewrite(checkpoint, 1, header => { header.Remove("data_source"); return header; });
        Tg.Fails(ExitCodes.InvalidInput, Resume(run), checkpoint, "checkpoint format 1", "--data DIR");
        Tg.Fails(ExitCodes.Ok, Resume(run, "--data", data), "resuming");
        Assert.Equal(data, Checkpoint.ReadHeader(checkpoint).DataSource?.Folder); // rewritten in the current format, with its data
    }

    [Fact]
    public void Resume_uses_the_recorded_folder_not_the_default_dataset()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir, "my-photos");
        var run = TrainedRun(dir, data);
        var (code, output) = Resume(run);
        Tg.Fails(ExitCodes.Ok, (code, output), $"data: {data} (unchanged");
        Assert.Contains("\"dataset\": \"my-photos\"", File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.DoesNotContain("hymenoptera", output);
    }

    [Fact]
    public void Resume_on_a_missing_folder_exits_2_and_says_to_pass_data()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir, "my-photos");
        var run = TrainedRun(dir, data);
        var metrics = File.ReadAllText(Path.Combine(run, "metrics.json"));
        Directory.Delete(data, recursive: true);
        Tg.Fails(ExitCodes.InvalidInput, Resume(run), $"the data folder {data} no longer exists", "--data DIR");
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(run, "metrics.json"))); // nothing already saved is lost
    }

    [Theory]
    [InlineData("added", "1 file(s) added, 0 removed", "added train/red/new.png", "--data {data}")]
    [InlineData("removed", "0 file(s) added, 1 removed", "removed val/blue/b0.jpg", "Restore the files")]
    public void Resume_on_a_changed_folder_exits_2_saying_what_changed(string change, string counts, string named, string fix)
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var run = TrainedRun(dir, data);
        Change(dir, data, change);
        Tg.Fails(ExitCodes.InvalidInput, Resume(run), counts, named, fix.Replace("{data}", data));
    }

    [Fact]
    public void Resume_on_a_changed_folder_goes_on_when_data_is_given_again()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var run = StoppedRun(dir, data);
        Change(dir, data, "added");
        Tg.Fails(ExitCodes.Ok, Resume(run, "--data", data), $"note: resuming on --data {data} as given");
        Assert.Equal(0, Resume(run).Code); // the checkpoint now records the folder as it is
    }

    /// <summary>Rewrites a checkpoint's version and header JSON and re-hashes it, as an older or newer kit would have written it.</summary>
    internal static void Rewrite(string path, int version, Func<JsonObject, JsonObject> header)
    {
        var bytes = File.ReadAllBytes(path);
        using var r = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32), Encoding.UTF8);
        var magic = r.ReadBytes(6);
        r.ReadInt32();
        var json = header(JsonNode.Parse(r.ReadString())!.AsObject());
        var rest = r.ReadBytes(bytes.Length - 32 - (int)r.BaseStream.Position);
        var output = new MemoryStream();
        using (var w = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(magic); w.Write(version); w.Write(json.ToJsonString()); w.Write(rest);
        }
        output.Write(SHA256.HashData(output.ToArray()));
        File.WriteAllBytes(path, output.ToArray());
    }
}
