namespace TransferGuide.Tests.Cli;

/// <summary>
/// What the disk and permission cases need from the machine: mounting (a tiny tmpfs for a full disk, a read-only
/// bind mount) and dropping root's override of file modes (setpriv) for unreadable files. Where the machine cannot,
/// the case is skipped with the reason.
/// </summary>
internal static class SystemFacts
{
    static readonly Lazy<string?> MountProblem = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux mounts";
        var dir = Directory.CreateTempSubdirectory("tg-mount-probe-").FullName;
        try
        {
            if (Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir) != 0) return "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)";
            Run("umount", dir);
            return null;
        }
        finally { Directory.Delete(dir, recursive: true); }
    });

    static readonly Lazy<string?> DropProblem = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux setpriv";
        return Run("setpriv", "--bounding-set=-dac_override,-dac_read_search", "true") == 0 ? null : "setpriv cannot drop CAP_DAC_OVERRIDE here";
    });

    /// <summary>Why mounts cannot be made here, or null.</summary>
    public static string? NoMounts => MountProblem.Value;

    /// <summary>Why file modes cannot be enforced on a child here, or null.</summary>
    public static string? NoPrivilegeDrop => DropProblem.Value;

    /// <summary>The setpriv prefix that makes a child (even root's) obey file modes.</summary>
    public static string[] ObeyFileModes => ["--bounding-set=-dac_override,-dac_read_search", "--"];

    /// <summary>Runs a system command; returns its exit code (-1 when it cannot start).</summary>
    public static int Run(string file, params string[] args)
    {
        try { return ChildProcess.Run(file, args).ExitCode; }
        catch (System.ComponentModel.Win32Exception) { return -1; }
    }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> on <paramref name="dir"/> until disposed.</summary>
    public static IDisposable Tmpfs(string dir, string size)
    {
        Directory.CreateDirectory(dir);
        Assert.Equal(0, Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", dir));
        return new Unmount(dir);
    }

    /// <summary>Shows <paramref name="source"/> read-only at <paramref name="dir"/> until disposed.</summary>
    public static IDisposable ReadOnlyBind(string source, string dir)
    {
        Directory.CreateDirectory(dir);
        Assert.Equal(0, Run("mount", "--bind", source, dir));
        Assert.Equal(0, Run("mount", "-o", "remount,bind,ro", dir));
        return new Unmount(dir);
    }

    sealed class Unmount(string dir) : IDisposable { public void Dispose() => Run("umount", dir); }
}

/// <summary>A fact that needs mounts (tmpfs, read-only bind); skipped with the reason where they cannot be made.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute() => Skip = SystemFacts.NoMounts;
}

/// <summary>A fact that needs a child to obey file modes (setpriv); skipped with the reason where it cannot.</summary>
public sealed class PrivilegeDropFactAttribute : FactAttribute
{
    public PrivilegeDropFactAttribute() => Skip = SystemFacts.NoPrivilegeDrop;
}
