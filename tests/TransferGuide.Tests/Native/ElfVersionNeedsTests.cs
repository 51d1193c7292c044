namespace TransferGuide.Tests.Native;

public class ElfVersionNeedsTests
{
    [Fact]
    public void TorchSharp_needs_glibcxx_3_4_32_for_one_marker_symbol_only()
    {
        using var dir = new TempDir();
        var pristine = SharedData.PristineLibTorchSharp(dir);
        var needs = ElfVersionNeeds.ReadVersionNeeds(pristine);
        var need = Assert.Single(needs, n => n.Version == ElfVersionNeeds.TorchSharpGlibcxxVersion);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
        var users = ElfVersionNeeds.SymbolsUsingVersion(pristine, need.Index);
        Assert.Equal([ElfVersionNeeds.IosBaseLibraryInitMarker], users);
    }

    [Fact]
    public void Patching_sets_only_the_weak_flag_and_is_idempotent()
    {
        using var dir = new TempDir();
        var copy = SharedData.PristineLibTorchSharp(dir);
        var before = File.ReadAllBytes(copy);

        var outcome = ElfVersionNeeds.MakeVersionNeedWeak(copy, ElfVersionNeeds.TorchSharpGlibcxxVersion, ElfVersionNeeds.IosBaseLibraryInitMarker);

        Assert.Equal(PatchOutcome.Patched, outcome);
        var after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var need = ElfVersionNeeds.ReadVersionNeeds(copy).Single(n => n.Version == ElfVersionNeeds.TorchSharpGlibcxxVersion);
        Assert.True(need.IsWeak);
        Assert.All(changed, i => Assert.InRange(i, need.FlagsOffset, need.FlagsOffset + 1));
        Assert.All(ElfVersionNeeds.ReadVersionNeeds(copy).Where(n => n.Version != need.Version), n => Assert.False(n.IsWeak));

        Assert.Equal(PatchOutcome.AlreadyWeak,
            ElfVersionNeeds.MakeVersionNeedWeak(copy, ElfVersionNeeds.TorchSharpGlibcxxVersion, ElfVersionNeeds.IosBaseLibraryInitMarker));
        Assert.Equal(after, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Patching_a_hard_linked_output_leaves_the_other_name_as_it_was()
    {
        // The build hard-links copy-local files to the NuGet cache (Directory.Build.props): a fix written through
        // the output's name would patch the cache's file too, and every later build and notebook with it.
        using var dir = new TempDir();
        var cache = SharedData.PristineLibTorchSharp(dir);
        var output = dir.Combine("bin", "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        using (var ln = System.Diagnostics.Process.Start("ln", [cache, output]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }
        var before = File.ReadAllBytes(cache);

        Assert.Equal(PatchOutcome.Patched,
            ElfVersionNeeds.MakeVersionNeedWeak(output, ElfVersionNeeds.TorchSharpGlibcxxVersion, ElfVersionNeeds.IosBaseLibraryInitMarker));

        Assert.Equal(before, File.ReadAllBytes(cache));
        Assert.True(ElfVersionNeeds.ReadVersionNeeds(output).Single(n => n.Version == ElfVersionNeeds.TorchSharpGlibcxxVersion).IsWeak);
        if (!OperatingSystem.IsWindows()) Assert.Equal(File.GetUnixFileMode(cache), File.GetUnixFileMode(output));
        Assert.Equal(["libLibTorchSharp.so"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Refuses_when_a_real_symbol_uses_the_version()
    {
        using var dir = new TempDir();
        var copy = SharedData.PristineLibTorchSharp(dir);
        var before = File.ReadAllBytes(copy);
        var e = Assert.Throws<InvalidOperationException>(() =>
            ElfVersionNeeds.MakeVersionNeedWeak(copy, ElfVersionNeeds.TorchSharpGlibcxxVersion /* no allowed symbols */));
        Assert.Contains(ElfVersionNeeds.IosBaseLibraryInitMarker, e.Message);
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Files_that_do_not_need_the_version_are_left_alone()
    {
        using var dir = new TempDir();
        var libstdcxx = ElfVersionNeeds.FindProcessLibStdCxx();
        Assert.NotNull(libstdcxx);
        var copy = dir.Combine("other.so");
        File.Copy(libstdcxx!, copy);
        var before = File.ReadAllBytes(copy);
        Assert.Equal(PatchOutcome.NotNeeded, ElfVersionNeeds.MakeVersionNeedWeak(copy, ElfVersionNeeds.TorchSharpGlibcxxVersion));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Non_elf_files_are_rejected_with_their_name()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("notes.txt", "hello"u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.ReadVersionNeeds(path));
        Assert.Contains("notes.txt", e.Message);
    }

    [Fact]
    public void Reads_the_versions_libstdcxx_defines()
    {
        var libstdcxx = ElfVersionNeeds.FindProcessLibStdCxx()!;
        var defined = ElfVersionNeeds.ReadVersionDefinitions(libstdcxx);
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("GLIBCXX_3.4.30", defined); // GCC 12 or newer: Debian 12, Ubuntu 22.04
    }

    [Fact]
    public void The_build_left_this_output_loadable()
    {
        // The MSBuild target patches every build output; the test's own copy proves it ran.
        var inOutput = TorchRuntime.CandidateNativePaths().First();
        var need = ElfVersionNeeds.ReadVersionNeeds(inOutput).SingleOrDefault(n => n.Version == ElfVersionNeeds.TorchSharpGlibcxxVersion);
        var libstdcxx = ElfVersionNeeds.FindProcessLibStdCxx()!;
        if (ElfVersionNeeds.Defines(libstdcxx, ElfVersionNeeds.TorchSharpGlibcxxVersion))
            Assert.True(need == null || !need.IsWeak, "a system with GLIBCXX_3.4.32 must get the file untouched");
        else
            Assert.True(need != null && need.IsWeak);
        Assert.True(TorchRuntime.Check().Loaded, TorchRuntime.Check().Reason);
    }
}
