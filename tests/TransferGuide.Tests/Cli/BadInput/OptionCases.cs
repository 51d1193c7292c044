namespace TransferGuide.Tests.Cli.BadInput;

/// <summary>
/// Bad-input suite, options: unknown verbs and options name the nearest valid one; numbers out of range name the
/// option and its range; all exit 2 before any work, leaving no run folder. DATA and RUNS stand for a tiny dataset
/// and a runs folder that must not appear.
/// </summary>
[Collection(LiveConsoleCollection.Name)]
public class OptionCases
{
    [Theory]
    [InlineData("train --data DATA --runs RUNS --epoch 1", "'--epoch'", "Did you mean --epochs?")]
    [InlineData("train --data DATA --runs RUNS --learning-rate 0.1", "'--learning-rate'", "--help")]
    [InlineData("trian --data DATA", "'trian'", "Did you mean 'train'?")]
    [InlineData("data reprot --data DATA", "'tg data reprot'", "Did you mean 'tg data report'?")]
    [InlineData("quickstart --data DATA --runs RUNS --epochz 3", "'--epochz'", "Did you mean --epochs?")]
    [InlineData("train --data DATA --runs RUNS --lr -1", "--lr -1", "greater than 0")]
    [InlineData("train --data DATA --runs RUNS --lr 0", "--lr 0", "greater than 0")]
    [InlineData("train --data DATA --runs RUNS --lr NaN", "--lr NaN", "finite number")]
    [InlineData("train --data DATA --runs RUNS --lr Infinity", "--lr Infinity", "finite number")]
    [InlineData("train --data DATA --runs RUNS --epochs -1", "--epochs -1", "from 1 to 10000")]
    [InlineData("train --data DATA --runs RUNS --epochs 0", "--epochs 0", "from 1 to 10000")]
    [InlineData("train --data DATA --runs RUNS --batch-size 0", "--batch-size 0", "from 1 to 4096")]
    [InlineData("train --data DATA --runs RUNS --accumulate 0", "--accumulate 0", "from 1 to 1024")]
    [InlineData("train --data DATA --runs RUNS --seed -5", "--seed -5", "at least 0")]
    [InlineData("train --data DATA --runs RUNS --image-size 4", "--image-size 4", "from 16 to 2048")]
    [InlineData("train --data DATA --runs RUNS --max-megapixels 0", "--max-megapixels 0", "greater than 0")]
    [InlineData("train --data DATA --runs RUNS --epochs abc", "--epochs abc is not a number", "from 1 to 10000")]
    [InlineData("quickstart --data DATA --runs RUNS --epochs 0", "--epochs 0", "from 1 to 10000")]
    [InlineData("data report --data DATA --runs RUNS --max-phash 65", "--max-phash 65", "from 0 to 64")]
    [InlineData("distill --alpha 1.5", "--alpha 1.5", "from 0 to 1")]
    [InlineData("models --threads 0", "--threads 0", "from 1 to 1024")]
    [InlineData("train --data DATA --runs RUNS --mix blend", "--mix 'blend'", "none, mixup or cutmix")]
    public void Bad_option_exits_2_naming_it_and_the_fix_and_makes_no_run_folder(string line, string names, string fix)
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var runs = dir.Combine("runs");
        var args = line.Split(' ').Select(a => a == "DATA" ? data : a == "RUNS" ? runs : a).ToArray();
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(args), names, fix);
        Assert.False(Directory.Exists(runs), "a run that never started left a runs folder");
    }

    [CpuOnlyFact]
    public void Fp16_without_cuda_is_refused_with_the_alternative()
    {
        using var dir = new TempDir();
        var runs = dir.Combine("runs");
        var alternative = TransferGuide.Models.FrozenResNetOptions.CpuHasNativeBFloat16() ? "--precision bf16" : "--precision fp32";
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Tg.Train(Tg.Colours(dir), runs, "--precision", "fp16")), "--precision fp16 needs CUDA", alternative);
        Assert.False(Directory.Exists(runs));
    }

    [Fact]
    public void Negative_numbers_are_values_not_options_and_the_numerics_probe_still_parses()
    {
        // "--lr -1" must reach the range check as a value (not be taken for an unknown option "-1").
        Assert.Contains("out of range", Tg.Run("train", "--lr", "-1").Output);
        StrictArguments.Check(["numerics-probe", "features/fp32-cl", "train/resnet50/nchw", "--threads", "2"]);
    }

    [Fact]
    public void A_value_that_starts_with_a_dash_reaches_its_option()
    {
        // The help's own example, --train-args "--image-size 160": Spectre alone fails with "Invalid long option name".
        Assert.Equal(["bench", "accuracy", "--train-args=--crop-area 0.75", "--seeds", "1"],
                     StrictArguments.Check(["bench", "accuracy", "--train-args", "--crop-area 0.75", "--seeds", "1"]));
        using var dir = new TempDir();
        var missing = dir.Combine("no-such-set");
        var run = Tg.Run("bench", "accuracy", "--sets", missing, "--seeds", "1", "--out", dir.Combine("out"), "--train-args", "--refit");
        Tg.Fails(ExitCodes.InvalidInput, run, "--sets", "no-such-set");
        Assert.DoesNotContain("Invalid long option", run.Output);
    }

    [Fact]
    public void Every_numeric_option_of_every_verb_has_a_range_and_every_verb_is_in_the_table()
    {
        foreach (var (path, command) in VerbTable.Verbs)
            foreach (var (property, option) in SettingsValidator.NumericOptions(VerbTable.SettingsOf(command)))
                Assert.True(property.GetCustomAttributes(typeof(OptionRangeAttribute), false).Length == 1, $"tg {path} {option} has no [OptionRange]");
        var commands = typeof(TgApp).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(Spectre.Console.Cli.Command<>));
        foreach (var c in commands) Assert.Contains(VerbTable.Verbs, v => v.Command == c);
        foreach (var (path, _) in VerbTable.Verbs)
            Assert.True(Tg.Run([.. path.Split(' '), "--help"]).Code == 0, $"tg {path} --help failed: the table names a verb TgApp lacks");
    }

    [Fact]
    public void Nearest_name_is_by_edit_distance()
    {
        Assert.Equal(1, NearestName.Distance("--epoch", "--epochs"));
        Assert.Equal(3, NearestName.Distance("kitten", "sitting"));
        Assert.Equal("--epochs", NearestName.Of("--epoch", ["--lr", "--epochs", "--seed"]));
    }
}

/// <summary>A fact about machines without CUDA; skipped (with the reason) where CUDA is present and the case does not arise.</summary>
public sealed class CpuOnlyFactAttribute : FactAttribute
{
    public CpuOnlyFactAttribute()
    {
        if (TransferGuide.Core.Native.TorchRuntime.EnsureLoaded().CudaAvailable) Skip = "CUDA is available here, so fp16 is valid and not refused.";
    }
}
