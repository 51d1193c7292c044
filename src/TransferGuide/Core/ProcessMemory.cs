using System.Diagnostics;

namespace TransferGuide.Core;

/// <summary>Resident memory of this process, for benchmarks that report a peak.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size in MB since the process started (Linux VmHWM; elsewhere the peak working set).</summary>
    public static double PeakRssMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
