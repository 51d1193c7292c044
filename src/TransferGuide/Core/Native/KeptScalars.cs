using TorchSharp;

namespace TransferGuide.Core.Native;

/// <summary>
/// TorchSharp scalars that live as long as the process, for the kit's hot tensor operations. An implicit scalar
/// (<c>x + 1.0</c>, or the alpha of 1 that <c>add(tensor)</c> makes) is unreachable as soon as its handle is passed to
/// libtorch, so a garbage collection started by another thread can finalise it while libtorch still reads it: a
/// "Scalar::toFloat" error or, worse, a wrong value. A static field keeps these reachable; libtorch only reads them, so
/// every thread may share them.
/// </summary>
internal static class KeptScalars
{
    /// <summary>The integer 1: the alpha of a plain tensor addition.</summary>
    public static readonly Scalar One = 1.ToScalar();
}
