using TransferGuide.Core;

namespace TransferGuide.Bench;

/// <summary>Finds Python with PyTorch and the peer script, and runs it; says how to install what is missing.</summary>
public static class PyTorchPeer
{
    /// <summary>How to get the peer when it is missing (Debian and Ubuntu).</summary>
    public const string InstallHint = "apt-get install -y python3-torch python3-numpy   (Debian 12 ships PyTorch 1.13; run as root or with sudo)";

    /// <summary>The peer script shipped next to the application, or in the repository's bench/peers.</summary>
    public static string? Script()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "peers", "pytorch_train_step.py");
        if (File.Exists(here)) return here;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "peers", "pytorch_train_step.py");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// A Python interpreter that imports torch and numpy, or null with the reason. The system Python comes
    /// first: that is where Debian's python3-torch lives, and a pyenv shim on PATH would hide it.
    /// </summary>
    public static (string? Python, string? Version, string? Why) Find()
    {
        var tried = new List<string>();
        foreach (var python in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var (code, output) = Exec(python, ["-c", "import torch, numpy; print(torch.__version__)"], TimeSpan.FromSeconds(60));
                if (code == 0) return (python, output.Trim().Split('\n').Last(), null);
                tried.Add($"{python}: {output.Trim().Split('\n').LastOrDefault()}");
            }
            catch (System.ComponentModel.Win32Exception) { tried.Add($"{python}: not found"); }
        }
        return (null, null, $"no Python with torch and numpy ({string.Join("; ", tried)}). Install it: {InstallHint}");
    }

    /// <summary>Runs the peer script and returns its last output line (JSON); throws with its output when it fails.</summary>
    public static string Run(string python, string script, string weightsFolder, int batchSize, int imageSize, int steps, int warmup, int threads)
    {
        var (code, output) = Exec(python, [script, "--weights", weightsFolder, "--batch-size", $"{batchSize}", "--image-size", $"{imageSize}",
            "--steps", $"{steps}", "--warmup", $"{warmup}", "--threads", $"{threads}"], TimeSpan.FromMinutes(20));
        if (code != 0) throw new InvalidOperationException($"{script} failed ({code}):\n{output}");
        return output.Trim().Split('\n').Last();
    }

    static (int Code, string Output) Exec(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        // The peer runs as its users run it, without the kit's malloc tunables.
        var run = ChildProcess.Run(file, args, new ChildOptions { Environment = TransferGuide.Core.Native.HeapTuning.PlainHeap(), Timeout = timeout });
        if (run.TimedOut) throw new TimeoutException($"{file} ran past {timeout}.");
        return (run.ExitCode, run.Output + run.Errors);
    }
}
