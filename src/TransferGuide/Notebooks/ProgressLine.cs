using TransferGuide.Core;
using TransferGuide.Training;

namespace TransferGuide.Notebooks;

/// <summary>
/// Plain-text progress for notebooks: one line per epoch and a few lines per long stage. Notebook outputs
/// keep every character written, so no carriage-return animation; lines stay few and readable.
/// </summary>
/// <param name="output">Where lines go (the console by default).</param>
/// <param name="stepsPerReport">Report a stage every this share of its work (0.25 = at 25%, 50%, 75%, 100%).</param>
public sealed class ProgressLine(TextWriter? output = null, double stepsPerReport = 0.25)
{
    // Notebook kernels swap Console.Out for every cell, so the console is looked up at each write.
    TextWriter Out => output ?? Console.Out;
    readonly Dictionary<string, int> _lastQuarter = [];

    /// <summary>Receives finished epochs.</summary>
    public IProgress<EpochMetrics> Epochs => new ActionProgress<EpochMetrics>(e => Out.WriteLine(Format(e)));

    /// <summary>Receives item-by-item work (feature extraction, LR finder steps).</summary>
    public IProgress<WorkProgress> Work => new ActionProgress<WorkProgress>(Report);

    /// <summary>One epoch as a line: losses, accuracies, learning rate and seconds.</summary>
    public static string Format(EpochMetrics e) =>
        $"epoch {e.Epoch,3}  train loss {e.TrainLoss:F3} acc {e.TrainAccuracy:P1}" +
        (e.ValidLoss is { } vl ? $"  held-out loss {vl:F3} acc {e.ValidAccuracy ?? 0:P1}" : "") +
        $"  lr {e.LearningRate:G3}  {e.Seconds:F1} s";

    void Report(WorkProgress p)
    {
        if (p.Total <= 0) return;
        int slot = (int)Math.Floor(p.Done / (double)p.Total / stepsPerReport);
        lock (_lastQuarter)
        {
            // Nothing at 0%; a stage seen finished before and now starting again is a new run of it.
            int last = _lastQuarter.TryGetValue(p.Stage, out var seen) ? seen : 0;
            if (last == int.MaxValue && p.Done < p.Total) last = 0;
            if (p.Done >= p.Total)
            {
                if (last == int.MaxValue) return;
                _lastQuarter[p.Stage] = int.MaxValue;
            }
            else
            {
                _lastQuarter[p.Stage] = Math.Max(last, slot);
                if (slot <= last) return;
            }
        }
        Out.WriteLine($"{p.Stage}: {p.Done}/{p.Total}" + (p.ItemsPerSecond > 0 ? $"  {p.ItemsPerSecond:F1} items/s" : ""));
    }
}
