using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace TransferGuide.Models.Numerics;

/// <summary>
/// What a numerics verdict depends on: the CPU (model, family, flags), whether the hypervisor shows its caches
/// (oneDNN sizes its blocks from them), the libtorch and TorchSharp builds, oneDNN's ISA cap and the thread count
/// (kernels block differently per thread count). Verdicts are cached under its hash, so a new CPU or library
/// version is probed afresh and a known one costs nothing.
/// </summary>
public sealed record MachineFingerprint(string Cpu, string CpuFlagsHash, bool CacheTopology, string TorchSharp, string LibTorch, string? OneDnnMaxIsa, int Threads, int ProbeVersion)
{
    /// <summary>Bumped whenever the probes change what they check, so older verdicts are not trusted.</summary>
    public const int CurrentProbeVersion = 3;

    /// <summary>Short hash of every field, used in the cache file name.</summary>
    public string Hash() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ToString())))[..16].ToLowerInvariant();

    /// <summary>This process's machine, with <paramref name="threads"/> torch threads.</summary>
    public static MachineFingerprint Current(int threads)
    {
        string cpu = RuntimeInformation.ProcessArchitecture.ToString(), flags = "";
        if (File.Exists("/proc/cpuinfo"))
        {
            var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            cpu = $"{Field("vendor_id")} {Field("model name")} family {Field("cpu family")} model {Field("model\t")} stepping {Field("stepping")}";
            flags = Field("flags");
        }
        string flagsHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(flags)))[..12];
        bool caches = Directory.Exists("/sys/devices/system/cpu/cpu0/cache");
        var torchSharp = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?";
        return new MachineFingerprint(cpu, flagsHash, caches, torchSharp, LibTorchId(), Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA"), threads, CurrentProbeVersion);
    }

    /// <summary>libtorch_cpu's file (name and size) as loaded beside TorchSharp: a different build is a different size.</summary>
    static string LibTorchId()
    {
        foreach (var dir in TransferGuide.Core.Native.TorchRuntime.CandidateNativePaths().Select(Path.GetDirectoryName).OfType<string>().Distinct())
        {
            var file = new[] { "libtorch_cpu.so", "libtorch_cpu.dylib", "torch_cpu.dll" }.Select(n => Path.Combine(dir, n)).FirstOrDefault(File.Exists);
            if (file != null) return $"{Path.GetFileName(file)} {new FileInfo(file).Length} bytes";
        }
        return "libtorch (file not found)";
    }
}
