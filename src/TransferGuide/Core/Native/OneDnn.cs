using System.Runtime.InteropServices;

namespace TransferGuide.Core.Native;

/// <summary>
/// libtorch's own switch for its oneDNN (MKLDNN) CPU kernels, <c>at::globalContext().setUserEnabledMkldnn</c>.
/// With it off, convolutions run ATen's native kernels: slower (about 10x for a ResNet forward on 2 cores) but
/// free of the oneDNN bugs a CPU may hit. TorchSharp does not expose it, so it is called through the exported C++
/// symbols of libtorch_cpu.so. The switch is process-wide: the numerics guard turns it off only around the
/// architecture whose probes need it, never globally.
/// </summary>
public static class OneDnn
{
    static readonly object Gate = new();
    static bool _resolved;
    static IntPtr _context, _set, _get;

    /// <summary>Whether the switch can be reached (Linux with libtorch_cpu.so loaded).</summary>
    public static bool Available => Resolve();

    /// <summary>Whether oneDNN kernels are enabled now (true where the switch is unavailable).</summary>
    public static unsafe bool Enabled
    {
        get
        {
            if (!Resolve()) return true;
            return ((delegate* unmanaged<IntPtr, byte>)_get)(_context) != 0;
        }
    }

    /// <summary>Turns oneDNN off until the returned scope is disposed (scopes nest; each restores what it found).</summary>
    public static IDisposable Disable()
    {
        if (!Resolve())
            throw new PlatformNotSupportedException("libtorch's oneDNN switch was not found in libtorch_cpu (is TorchSharp's CPU backend loaded?).");
        lock (Gate)
        {
            bool before = Enabled;
            Set(false);
            return new Restore(before);
        }
    }

    static unsafe void Set(bool enabled) => ((delegate* unmanaged<IntPtr, byte, void>)_set)(_context, enabled ? (byte)1 : (byte)0);

    sealed class Restore(bool value) : IDisposable
    {
        bool _done;
        public void Dispose()
        {
            lock (Gate)
            {
                if (_done) return;
                _done = true;
                Set(value);
            }
        }
    }

    static unsafe bool Resolve()
    {
        lock (Gate)
        {
            if (_resolved) return _context != IntPtr.Zero;
            _resolved = true;
            TorchRuntime.EnsureLoaded();
            // Already loaded by TorchSharp: the loader matches the name against the SONAME of loaded libraries.
            string[] names = OperatingSystem.IsLinux() ? ["libtorch_cpu.so"] : OperatingSystem.IsMacOS() ? ["libtorch_cpu.dylib"] : ["torch_cpu.dll"];
            foreach (var name in names)
            {
                if (!NativeLibrary.TryLoad(name, out var lib)) continue;
                if (NativeLibrary.TryGetExport(lib, "_ZN2at13globalContextEv", out var global)
                    && NativeLibrary.TryGetExport(lib, "_ZN2at7Context20setUserEnabledMkldnnEb", out _set)
                    && NativeLibrary.TryGetExport(lib, "_ZNK2at7Context17userEnabledMkldnnEv", out _get))
                {
                    _context = ((delegate* unmanaged<IntPtr>)global)();
                    return _context != IntPtr.Zero;
                }
            }
            return false;
        }
    }
}
