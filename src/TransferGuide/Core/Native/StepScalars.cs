using TorchSharp;

namespace TransferGuide.Core.Native;

/// <summary>
/// The scalars of one update, each kept reachable until the set is disposed. TorchSharp 0.107 makes a new
/// <see cref="Scalar"/> for every number passed to a tensor operation (<c>mul_(0.9)</c>) and drops the last reference
/// once its handle is on its way to libtorch; a garbage collection started meanwhile by another thread (a data loader,
/// a parallel test) lets the finaliser free it while libtorch still reads it. That stopped a test run with
/// "Scalar::toFloat: Expected false to be true" inside AdamW's step on 4 December, and could as well have read a
/// wrong rate. <see cref="KeptScalars"/> holds the constants; this holds the ones an optimiser computes each step.
/// </summary>
internal sealed class StepScalars : IDisposable
{
    readonly List<Scalar> _made = new(16);

    /// <summary>A scalar for <paramref name="value"/> that lives until <see cref="Dispose"/>.</summary>
    public Scalar Of(double value)
    {
        var s = value.ToScalar();
        _made.Add(s);
        return s;
    }

    /// <summary>Frees every scalar made, now that libtorch is done with them.</summary>
    public void Dispose()
    {
        foreach (var s in _made) s.Dispose();
        _made.Clear();
    }
}
