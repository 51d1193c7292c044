using static TorchSharp.torch;

namespace TransferGuide.Tests.Models;

public class MemoryFormatTests
{
    [Fact]
    public void Channels_last_keeps_every_value_and_puts_channels_innermost()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var x = arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 4, 5);
        var cl = MemoryFormat.ToChannelsLast(x);
        Assert.Equal(x.shape, cl.shape);
        Assert.Equal([60L, 1, 15, 3], cl.stride());
        Assert.True(MemoryFormat.IsChannelsLast(cl));
        Assert.False(MemoryFormat.IsChannelsLast(x));
        Assert.True(x.allclose(cl, rtol: 0, atol: 0));
    }

    [Fact]
    public void Conv_weights_go_channels_last_and_back_in_place_with_the_same_values()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var conv = nn.Conv2d(3, 8, 3);
        var weight = conv.weight!;
        using var before = weight.detach().clone();
        MemoryFormat.ConvWeightsToChannelsLast(conv);
        Assert.Same(weight, conv.weight);
        Assert.True(MemoryFormat.IsChannelsLast(conv.weight!));
        Assert.True(conv.bias!.is_contiguous());
        MemoryFormat.ConvWeightsToContiguous(conv);
        Assert.True(conv.weight!.is_contiguous());
        Assert.True(before.allclose(conv.weight!, rtol: 0, atol: 0));
    }
}
