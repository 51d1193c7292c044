namespace TransferGuide.Tests.Cli;

[Collection(LiveConsoleCollection.Name)]
public class CliTests
{
    [Fact]
    public void Doctor_passes_on_a_machine_with_the_kit_built()
    {
        Assert.Equal(0, TransferGuide.Tests.Cli.Tg.Exec(["doctor"]));
    }

    [Fact]
    public void Quickstart_on_a_missing_folder_exits_non_zero()
    {
        using var dir = new TempDir();
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["quickstart", "--data", dir.Combine("missing"), "--runs", dir.Combine("runs")]));
        Assert.False(Directory.Exists(dir.Combine("runs")));
    }
}
