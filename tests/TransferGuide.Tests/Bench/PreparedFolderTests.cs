using TransferGuide.Bench;

namespace TransferGuide.Tests.Bench;

public class PreparedFolderTests
{
    static void WriteClasses(string folder, params string[] classes)
    {
        foreach (var c in classes)
        {
            Directory.CreateDirectory(Path.Combine(folder, "train", c));
            File.WriteAllText(Path.Combine(folder, "train", c, "a.txt"), c);
        }
    }

    [Fact]
    public void A_stopped_preparation_leaves_nothing_in_place_and_the_next_one_starts_clean()
    {
        using var dir = new TempDir();
        string set = dir.Combine("fsdd_mel");

        // Stopped after two of three classes: the set's folder must not appear, or the next benchmark would train on it.
        Assert.Throws<OperationCanceledException>(() => PreparedFolder.Ensure(set, staging =>
        {
            WriteClasses(staging, "0", "1");
            throw new OperationCanceledException();
        }));
        Assert.False(Directory.Exists(set));
        Assert.True(Directory.Exists(PreparedFolder.Staging(set)));

        var seenAtStart = new List<string>();
        Assert.True(PreparedFolder.Ensure(set, staging =>
        {
            seenAtStart.Add(Directory.Exists(staging) ? "stale" : "clean");
            WriteClasses(staging, "0", "1", "2");
        }));
        Assert.Equal(["clean"], seenAtStart);
        Assert.Equal(["0", "1", "2"], Directory.GetDirectories(Path.Combine(set, "train")).Select(Path.GetFileName).Order());
        Assert.False(Directory.Exists(PreparedFolder.Staging(set)));
    }

    [Fact]
    public void A_finished_folder_is_reused_and_an_empty_preparation_is_an_error()
    {
        using var dir = new TempDir();
        string set = dir.Combine("done");
        WriteClasses(set, "a");
        Assert.False(PreparedFolder.Ensure(set, _ => throw new Xunit.Sdk.XunitException("must not prepare again")));

        string empty = dir.Combine("empty");
        var e = Assert.Throws<InvalidOperationException>(() => PreparedFolder.Ensure(empty, _ => { }));
        Assert.Contains("empty.partial", e.Message);
        Assert.False(Directory.Exists(empty));
    }
}
