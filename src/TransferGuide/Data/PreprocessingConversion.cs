namespace TransferGuide.Data;

/// <summary>Moves a normalised batch from one <see cref="Preprocessing"/> to another, exactly (it is affine per channel).</summary>
public static class PreprocessingConversion
{
    /// <summary>
    /// The batch [N, 3, H, W] as <paramref name="to"/> would have prepared the same pixels from the same crop:
    /// undo <paramref name="from"/>'s normalisation, swap RGB/BGR if the orders differ, apply <paramref name="to"/>'s.
    /// </summary>
    public static TorchSharp.torch.Tensor Convert(TorchSharp.torch.Tensor x, Preprocessing from, Preprocessing to)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var dev = x.device;
        TorchSharp.torch.Tensor Column(float[] v) => TorchSharp.torch.tensor(v, device: dev).view(1, 3, 1, 1);
        // Back to 0..255 pixels in from's channel order.
        var pixels = (x * Column(from.Std) + Column(from.Mean)) / from.Scale;
        if (from.IsBgr != to.IsBgr) pixels = pixels.flip(1);
        return scope.MoveToOuter((pixels * to.Scale - Column(to.Mean)) / Column(to.Std));
    }
}
