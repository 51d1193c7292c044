namespace TransferGuide.Tests.Native;

/// <summary>
/// A fact about the loader's diagnosis of an unpatched libLibTorchSharp.so, which only exists on machines whose
/// libstdc++ is older than GCC 13 (lacks GLIBCXX_3.4.32): Debian 12, Ubuntu 22.04. Elsewhere there is nothing to
/// diagnose, so the test skips with the reason. This is a property of the machine, not a missing package, so CI
/// does not override it.
/// </summary>
public sealed class OldLibStdCxxFactAttribute : FactAttribute
{
    /// <summary>The libstdc++ this process uses, or null when there is none (not Linux).</summary>
    public static string? LibStdCxx { get; } = ElfVersionNeeds.FindProcessLibStdCxx();

    public OldLibStdCxxFactAttribute()
    {
        if (LibStdCxx == null)
            Skip = "No libstdc++ here (not Linux): TorchSharp's native library loads without the GLIBCXX patch, so there is no loader failure to diagnose.";
        else if (ElfVersionNeeds.Defines(LibStdCxx, ElfVersionNeeds.TorchSharpGlibcxxVersion))
            Skip = $"Nothing to diagnose on this machine: its libstdc++ ({LibStdCxx}) already defines {ElfVersionNeeds.TorchSharpGlibcxxVersion} " +
                   "(GCC 13 or newer), so an unpatched libLibTorchSharp.so loads. The test runs where libstdc++ is older (Debian 12, Ubuntu 22.04).";
    }
}
