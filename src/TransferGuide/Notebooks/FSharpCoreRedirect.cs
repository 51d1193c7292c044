using System.Reflection;
using System.Runtime.Loader;

namespace TransferGuide.Notebooks;

/// <summary>
/// Plotly.NET 6 is built against FSharp.Core 10.1, while the notebook kernels (dotnet-interactive 1.0.712001,
/// dotnet-repl) ship FSharp.Core 10.0, so the first chart fails with "Could not load FSharp.Core 10.1".
/// FSharp.Core keeps its API compatible within a major version, so answering that request with the copy
/// already loaded is safe.
/// </summary>
public static class FSharpCoreRedirect
{
    static int _installed;

    /// <summary>Installs the redirect once per process. Harmless where FSharp.Core 10.1 loads on its own.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (_, name) => Resolve(name, AppDomain.CurrentDomain.GetAssemblies());
    }

    /// <summary>The loaded FSharp.Core with the same major version as <paramref name="requested"/>, or null.</summary>
    public static Assembly? Resolve(AssemblyName requested, IEnumerable<Assembly> loaded)
    {
        if (requested.Name != "FSharp.Core") return null;
        return loaded
            .Where(a => a.GetName().Name == "FSharp.Core")
            .Where(a => requested.Version == null || a.GetName().Version?.Major == requested.Version.Major)
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
