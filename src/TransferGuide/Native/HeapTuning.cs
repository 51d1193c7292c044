using System.Runtime.InteropServices;

namespace TransferGuide.Native;

/// <summary>
/// Fixes glibc's mmap threshold so that large tensors go back to the system when freed.
/// glibc's malloc serves requests below its mmap threshold from the heap and, after the first large free, raises
/// that threshold up to 32 MB. Training activations (3–25 MB each for a ResNet18 batch of 32 at 224 px) then come
/// from the heap, whose freed holes are rarely returned: one fp32 training step peaked at 2.2–2.3 GB resident
/// against 1.40–1.47 GB with a fixed 4 MB threshold (same step, same process layout; see README, "Speed").
/// A fixed threshold sends every buffer of that size or more to mmap, and back to the system on free.
/// </summary>
public static class HeapTuning
{
    /// <summary>Environment variable: a threshold in MB, or "off" to keep glibc's own (dynamic) threshold.</summary>
    public const string Variable = "TRANSFERGUIDE_MMAP_THRESHOLD_MB";

    /// <summary>The threshold the kit sets unless told otherwise, in MB.</summary>
    public const int DefaultMegabytes = 4;

    const int MMmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    static extern int Mallopt(int parameter, int value);

    /// <summary>
    /// Sets the threshold once per process (Linux with glibc only) and says what it did. Leaves it alone when the
    /// user set glibc's own variables (MALLOC_MMAP_THRESHOLD_ or GLIBC_TUNABLES) or <see cref="Variable"/>=off.
    /// </summary>
    public static string Apply()
    {
        if (!OperatingSystem.IsLinux()) return "heap tuning: not Linux, nothing to do";
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") != null || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") != null)
            return "heap tuning: MALLOC_MMAP_THRESHOLD_ or GLIBC_TUNABLES is set, so glibc's settings are left as they are";
        var setting = Environment.GetEnvironmentVariable(Variable)?.Trim();
        if (string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase))
            return $"heap tuning: off ({Variable}=off), glibc's dynamic mmap threshold kept";
        int megabytes = DefaultMegabytes;
        if (!string.IsNullOrEmpty(setting) && (!int.TryParse(setting, out megabytes) || megabytes < 1 || megabytes > 32))
            return $"heap tuning: {Variable}={setting} is not a whole number of MB from 1 to 32 (or off); glibc's threshold kept";
        try
        {
            return Mallopt(MMmapThreshold, megabytes << 20) == 1
                ? $"heap tuning: glibc mmap threshold fixed at {megabytes} MB (freed tensors return to the system)"
                : "heap tuning: glibc refused the mmap threshold; its own is kept";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "heap tuning: not glibc (no mallopt), nothing to do";
        }
    }
}
