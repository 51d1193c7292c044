namespace TransferGuide.Tests.Cli.BadInput;

/// <summary>
/// Bad-input suite, disk and permissions: a full disk (a small tmpfs), read-only or unwritable output, unreadable
/// images (a child tg that obeys file modes, since root ignores them) and orphan temporary checkpoints. Cases that
/// need mounts or setpriv are skipped with the reason where the machine cannot provide them.
/// </summary>
[Collection(LiveConsoleCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and mounts: the permission attributes skip elsewhere
public class DiskAndPermissionCases
{
    [MountFact]
    public void Disk_full_while_training_exits_1_with_bytes_needed_and_the_runs_fix()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var runs = dir.Combine("small-disk");
        using (SystemFacts.Tmpfs(runs, "2m"))
        {
            Tg.Fails(ExitCodes.RunFailed, Tg.Run(Tg.Train(data, runs)), "No space left", "needs about", "bytes", "nothing saved was lost", "--runs DIR");
            Assert.Empty(Directory.GetFileSystemEntries(runs)); // no empty run folder, no temporary file left filling the disk
        }
    }

    [MountFact]
    public void Disk_full_leaves_the_previous_checkpoint_intact_and_says_so()
    {
        using var dir = new TempDir();
        var disk = dir.Combine("disk");
        using (SystemFacts.Tmpfs(disk, "256k"))
        {
            var path = Path.Combine(disk, "model.tgck");
            var previous = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
            File.WriteAllBytes(path, previous);
            var e = Assert.Throws<DiskFullException>(() => AtomicFile.Write(path, s => s.Write(new byte[400_000]), expectedBytes: 400_000));
            Assert.Contains("needs about 400,000 bytes", e.Message);
            Assert.Contains("The previous model.tgck (100,000 bytes", e.Message);
            Assert.Contains("is intact", e.Message);
            Assert.Equal(previous, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(disk)); // the partial temporary file is gone
        }
    }

    [MountFact]
    public void Read_only_runs_folder_exits_2_saying_pass_runs()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        Directory.CreateDirectory(dir.Combine("source"));
        var runs = dir.Combine("read-only");
        using (SystemFacts.ReadOnlyBind(dir.Combine("source"), runs))
        {
            Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Tg.Train(data, runs)), $"Cannot write run folders under {runs}", "Pass --runs DIR");
            Tg.Fails(ExitCodes.InvalidInput, Tg.Run("data", "report", "--data", data, "--runs", runs), "Pass --runs DIR");
        }
    }

    [Fact]
    public void Runs_path_that_is_a_file_exits_2()
    {
        using var dir = new TempDir();
        var file = dir.Bytes("runs", [0]);
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Tg.Train(Tg.Colours(dir), file)), $"--runs {file} is a file", "Pass --runs DIR");
    }

    [Fact]
    public void Orphan_temporary_checkpoints_are_removed_on_the_next_run_in_that_folder()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        Assert.Equal(0, Tg.Run(Tg.Train(data, dir.Combine("runs"))).Code);
        var run = Assert.Single(Directory.GetDirectories(dir.Combine("runs")));
        // What a write killed mid-way leaves: named by a process that no longer runs.
        var orphan = dir.Bytes(Path.Combine("runs", Path.GetFileName(run), $"model.tgck.{int.MaxValue - 7}.{Guid.NewGuid():N}.tmp"), new byte[4096]);
        var unrelated = dir.Bytes(Path.Combine("runs", Path.GetFileName(run), "notes.tmp"), [1]);
        var (code, output) = Tg.Run("train", "--resume", run);
        Tg.Fails(ExitCodes.Ok, (code, output), $"removed {orphan}", "a temporary checkpoint left by a write that was killed");
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(unrelated)); // only the kit's own temporary names are touched
    }

    [PrivilegeDropFact]
    public void Unreadable_image_is_skipped_by_name_and_the_run_goes_on()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var secret = dir.Image("colours/train/red/secret.png", 200, 30, 30, seed: 5);
        File.SetUnixFileMode(secret, UnixFileMode.None);
        var (code, output) = Tg.Child("setpriv", [.. SystemFacts.ObeyFileModes, Tg.Dotnet, "exec", Tg.Dll, "data", "report", "--data", data, "--runs", dir.Combine("runs")]);
        Tg.Fails(ExitCodes.Ok, (code, output), secret, "permission denied", "chmod a+r");
        Assert.DoesNotContain("One or more errors occurred", output);
    }

    [PrivilegeDropFact]
    public void Runs_folder_without_write_permission_exits_2_saying_pass_runs()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var runs = dir.Combine("locked");
        Directory.CreateDirectory(runs);
        File.SetUnixFileMode(runs, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var (code, output) = Tg.Child("setpriv", [.. SystemFacts.ObeyFileModes, Tg.Dotnet, "exec", Tg.Dll, .. Tg.Train(data, runs)]);
        File.SetUnixFileMode(runs, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Tg.Fails(ExitCodes.InvalidInput, (code, output), runs, "permission denied", "Pass --runs DIR");
        Assert.Empty(Directory.GetFileSystemEntries(runs));
    }
}
