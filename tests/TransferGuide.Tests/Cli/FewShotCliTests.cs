namespace TransferGuide.Tests.Cli;

[Collection(LiveConsoleCollection.Name)]
public class FewShotCliTests
{
    [Fact]
    public void More_ways_than_test_classes_is_refused_before_any_work()
    {
        using var dir = new TempDir();
        var runs = dir.Combine("runs");
        var (code, text) = Tg.Run("fewshot", "--data", Tg.Colours(dir), "--ways", "5", "--runs", runs);
        Assert.True(code == 2, text);
        Assert.Contains("--ways 5", text);
        Assert.Contains("meta-test classes", text);
        Assert.False(Directory.Exists(runs));
    }

    [Theory]
    [InlineData("--shots", "1,x", "--shots 1,x")]
    [InlineData("--shots", "0", "at least 1")]
    [InlineData("--methods", "protos", "Did you mean proto")]
    [InlineData("--ways", "1", "--ways")]
    public void Bad_options_name_the_option_and_the_fix(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var (code, text) = Tg.Run("fewshot", "--data", Tg.Colours(dir), option, value, "--runs", dir.Combine("runs"));
        Assert.True(code == 2, text);
        Assert.Contains(expected, text);
    }
}
