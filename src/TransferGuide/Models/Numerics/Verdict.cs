namespace TransferGuide.Models.Numerics;

/// <summary>What a probe found for one path on this machine.</summary>
/// <param name="Passed">Whether the path gave the reference answer (and did not crash).</param>
/// <param name="Detail">Plain words: the error against the reference and the tolerance, or how it died.</param>
/// <param name="Milliseconds">The faster of two timed runs of the path at 224 px after the checked one (batch 2; for training paths an eval forward plus a training forward and backward), when it ran to the end.</param>
/// <param name="Error">The path's relative error against the float64 reference, when it ran to the end.</param>
/// <param name="Source">Where the verdict came from: <c>probe</c>, <c>cache</c>, <c>reference</c> or <c>injected</c>.</param>
public sealed record Verdict(bool Passed, string Detail, double? Milliseconds = null, double? Error = null, string Source = "probe")
{
    /// <summary>A failing verdict with a reason.</summary>
    public static Verdict Fail(string detail, string source = "probe") => new(false, detail, Source: source);

    /// <summary>"pass" or "FAIL".</summary>
    public string Word => Passed ? "pass" : "FAIL";
}
