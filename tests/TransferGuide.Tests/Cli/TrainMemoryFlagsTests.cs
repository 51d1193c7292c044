namespace TransferGuide.Tests.Cli;

/// <summary><c>tg train --image-memory</c>: the decoded-image budget reaches the run and its checkpoint.</summary>
public class TrainMemoryFlagsTests
{
    [Fact]
    public void A_zero_image_budget_trains_from_the_disk_cache_and_the_checkpoint_keeps_the_budget()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var (code, output) = Tg.Run(Tg.Train(data, dir.Combine("runs"), "--image-memory", "0"));
        Assert.True(code == 0, output);
        var run = Directory.GetDirectories(dir.Combine("runs")).Single();
        var (model, _, sections) = Checkpoint.Load(Path.Combine(run, "model.tgck"));
        using (model)
        {
            Assert.True(sections.ContainsKey("learner"), "the checkpoint has no learner state");
            var state = Learner.ReadState(sections["learner"])!;
            Assert.Equal(0, state.Options.Performance.Pipeline!.MemoryCacheMegabytes);
        }
    }

    [Fact]
    public void A_negative_image_budget_is_refused_before_any_run_folder()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Tg.Train(data, dir.Combine("runs"), "--image-memory", "-5")), "--image-memory");
        Assert.False(Directory.Exists(dir.Combine("runs")));
    }
}
