using System.Runtime.InteropServices;

namespace TransferGuide.Core;

/// <summary>One line naming the machine a benchmark ran on, printed beside its figures.</summary>
public static class MachineDescription
{
    /// <summary>CPU model, logical cores, torch threads, OS and runtime.</summary>
    public static string Describe()
    {
        string cpu = "unknown CPU";
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
            cpu = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        bool bf16 = File.Exists(cpuinfo) && File.ReadAllText(cpuinfo).Contains(" avx512_bf16", StringComparison.Ordinal);
        int threads = TransferGuide.Core.Native.TorchRuntime.Check().Threads;
        return $"{cpu}, {Environment.ProcessorCount} logical cores{(bf16 ? ", AVX512-BF16" : "")}, {threads} torch threads, " +
               $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
