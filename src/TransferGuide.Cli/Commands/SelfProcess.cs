using System.Diagnostics;

namespace TransferGuide.Cli.Commands;

/// <summary>Runs this same <c>tg</c> again as a child process, so a benchmark can measure each variant's own peak memory.</summary>
internal static class SelfProcess
{
    /// <summary>Runs <c>tg ARGS</c> and returns its standard output; throws with its error output when it fails.</summary>
    /// <param name="args">The verb and its options.</param>
    /// <param name="cancel">Kills the child.</param>
    /// <param name="plainHeap">Run the child with glibc's default malloc settings (a benchmark peer), not the kit's.</param>
    public static string Run(IEnumerable<string> args, CancellationToken cancel, bool plainHeap = false)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var entry = Environment.GetCommandLineArgs()[0];
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Under `dotnet tg.dll` the host is dotnet and the entry is the DLL; as an apphost, the host is tg itself.
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) { psi.ArgumentList.Add("exec"); psi.ArgumentList.Add(entry); }
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (plainHeap) Native.HeapTuning.Strip(psi.Environment);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {host}.");
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var errors = process.StandardError.ReadToEndAsync(cancel);
        try { process.WaitForExitAsync(cancel).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tg {string.Join(' ', args)} failed ({process.ExitCode}):\n{errors.Result}{output.Result}");
        return output.Result;
    }
}
