using TransferGuide.Augment.Corruptions;

namespace TransferGuide.Tests.Cli;

[Collection(LiveConsoleCollection.Name)]
public class DataCorruptCliTests
{
    /// <summary>Every file under <paramref name="root"/>, by path inside it, with its bytes.</summary>
    static SortedDictionary<string, byte[]> Files(string root) =>
        new(Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);

    static string[] Corrupt(string data, string output, params string[] more) =>
        ["data", "corrupt", "--data", data, "--corruption", "gaussian_noise", "--severity", "3", "--out", output, .. more];

    [Fact]
    public void Writes_the_same_layout_and_names_and_says_where()
    {
        using var dir = new TempDir();
        var source = Tg.Colours(dir);
        var output = dir.Combine("noisy");
        var (code, text) = Tg.Run(Corrupt(source, output));
        Assert.True(code == 0, text);
        Assert.Contains(output, text);
        Assert.Contains($"tg train --data {output}", text);
        var expected = Files(source).Keys.Append(CorruptedFolder.SettingsFile).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Files(output).Keys);
        foreach (var (name, bytes) in Files(source)) Assert.NotEqual(bytes, Files(output)[name]);
    }

    [Fact]
    public void Is_deterministic_for_a_seed_whatever_the_order()
    {
        using var dir = new TempDir();
        var source = Tg.Colours(dir);
        Assert.Equal(0, Tg.Run(Corrupt(source, dir.Combine("a"), "--seed", "5")).Code);
        Assert.Equal(0, Tg.Run(Corrupt(source, dir.Combine("b"), "--seed", "5")).Code);
        Assert.Equal(0, Tg.Run(Corrupt(source, dir.Combine("c"), "--seed", "6")).Code);
        var a = Files(dir.Combine("a"));
        Assert.Equal(a, Files(dir.Combine("b")));
        var c = Files(dir.Combine("c"));
        Assert.NotEqual(a["train/red/r0.png"], c["train/red/r0.png"]);
        // One more image, sorted first, shifts every image's place in the order but not its pixels.
        dir.Image("colours/train/red/a0.png", 200, 40, 40, seed: 99);
        Assert.Equal(0, Tg.Run(Corrupt(source, dir.Combine("d"), "--seed", "5")).Code);
        var d = Files(dir.Combine("d"));
        foreach (var name in a.Keys.Where(k => k != CorruptedFolder.SettingsFile)) Assert.Equal(a[name], d[name]);
    }

    [Fact]
    public void A_stopped_run_resumes_and_keeps_finished_files()
    {
        using var dir = new TempDir();
        var source = Tg.Colours(dir);
        var output = dir.Combine("noisy");
        Assert.Equal(0, Tg.Run(Corrupt(source, output)).Code);
        var whole = Files(output);
        // As a run killed mid-way leaves it: one file missing, one half-written temporary beside it.
        File.Delete(Path.Combine(output, "val", "blue", "b1.jpg"));
        File.WriteAllBytes(Path.Combine(output, "val", "blue", "b1.jpg.123.abc.tmp"), [1, 2, 3]);
        var keptFile = Path.Combine(output, "train", "red", "r0.png");
        var keptTime = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(keptFile, keptTime);
        var (code, text) = Tg.Run(Corrupt(source, output));
        Assert.True(code == 0, text);
        Assert.Contains("Wrote 1 corrupted images (kept 7 from an earlier run)", text);
        Assert.Equal(whole, Files(output));
        Assert.Equal(keptTime, File.GetLastWriteTimeUtc(keptFile));
    }

    [Fact]
    public void An_undecodable_file_is_named_and_skipped()
    {
        using var dir = new TempDir();
        var source = Tg.Colours(dir);
        var broken = dir.Bytes("colours/train/red/broken.jpg", "<html>not an image</html>"u8.ToArray());
        var output = dir.Combine("noisy");
        var (code, text) = Tg.Run(Corrupt(source, output));
        Assert.True(code == 0, text);
        Assert.Contains($"skipped {broken}", text);
        Assert.False(File.Exists(Path.Combine(output, "train", "red", "broken.jpg")));
        Assert.True(File.Exists(Path.Combine(output, "train", "red", "r0.png")));
    }

    [Fact]
    public void Refuses_an_output_inside_the_source_and_leaves_it_alone()
    {
        using var dir = new TempDir();
        var source = Tg.Colours(dir);
        var before = Files(source);
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Corrupt(source, Path.Combine(source, "noisy"))), "inside the dataset", source);
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Corrupt(source, source)), "the dataset itself");
        Assert.Equal(before, Files(source));
    }

    [Fact]
    public void Refuses_to_mix_two_corruptions_in_one_folder()
    {
        using var dir = new TempDir();
        var source = Tg.Colours(dir);
        var output = dir.Combine("noisy");
        Assert.Equal(0, Tg.Run(Corrupt(source, output)).Code);
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Corrupt(source, output, "--severity", "4")), "other settings", "--out");
        Directory.CreateDirectory(dir.Combine("busy"));
        File.WriteAllText(dir.Combine("busy", "notes.txt"), "mine");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Corrupt(source, dir.Combine("busy"))), "not empty");
    }

    [Fact]
    public void A_bad_corruption_or_severity_names_the_valid_ones()
    {
        using var dir = new TempDir();
        var source = Tg.Colours(dir);
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("data", "corrupt", "--data", source, "--corruption", "fgo"), "Did you mean fog", "pixelate");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("data", "corrupt", "--data", source), "--corruption is required", "gaussian_noise");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("data", "corrupt", "--data", source, "--corruption", "fog", "--severity", "6"), "--severity", "1");
    }
}
