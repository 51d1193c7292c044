using System.Text.RegularExpressions;

namespace TransferGuide.Bench;

/// <summary>
/// What <c>tg bench accuracy</c> shows while one of its <c>tg train</c> children runs: the child's per-epoch lines,
/// tagged with the set and seed. A far-domain run is half an hour on 2 cores; before, the benchmark printed only
/// "training..." until it ended, and the run's own log is written when it finishes.
/// </summary>
public static partial class AccuracyProgress
{
    /// <summary>The line to show for one line of the child's output (an epoch's summary, or where a resumed run carries on), else null.</summary>
    /// <param name="set">The set's name.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="precision">fp32, bf16 or fp16.</param>
    /// <param name="childLine">One line of <c>tg train</c>'s standard output.</param>
    public static string? Line(string set, int seed, string precision, string childLine)
    {
        var line = childLine.Trim();
        return EpochLine().IsMatch(line) || line.StartsWith("resuming ", StringComparison.Ordinal) ? $"  {set} seed {seed} {precision}: {line}" : null;
    }

    // tg train's RunDisplay prints "epoch 3: train loss 0.412 acc 88.1% | held-out loss ... | lr ... | 151.2 s" once per
    // epoch. Its progress bar, written to a pipe, also prints its description ("epoch 3: train loss 0.412, held-out
    // loss ...: 100%") several times; that one has a comma after the loss and is not shown.
    [GeneratedRegex(@"^epoch \d+: train loss \S+ acc .*\| held-out loss ")]
    private static partial Regex EpochLine();
}
