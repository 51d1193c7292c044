using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Models;

using static TorchSharp.torch;

namespace TransferGuide.Evaluation.Interpretability;

/// <summary>Pictures of what the network computes: its first-layer filters and a layer's feature maps for one image.</summary>
public static class FeatureViews
{
    /// <summary>
    /// The stem's 64 filters as small colour patches (each scaled to its own range, shown in RGB whatever the
    /// model's channel order), tiled 8 across. They are edge, colour and blob detectors.
    /// </summary>
    public static Image<Rgb24> FirstLayerFilters(ResNet model, bool channelsAreBgr, int scale = 6)
    {
        using var scope = NewDisposeScope();
        var w = model.StemWeights.detach().cpu().to_type(ScalarType.Float32).contiguous();
        int count = (int)w.shape[0], k = (int)w.shape[2];
        var values = w.data<float>().ToArray();
        var tiles = new List<Image<Rgb24>>();
        try
        {
            for (int f = 0; f < count; f++)
            {
                int start = f * 3 * k * k;
                float min = float.MaxValue, max = float.MinValue;
                for (int i = 0; i < 3 * k * k; i++) { min = Math.Min(min, values[start + i]); max = Math.Max(max, values[start + i]); }
                float range = max > min ? max - min : 1;
                var tile = new Image<Rgb24>(k, k);
                for (int y = 0; y < k; y++)
                    for (int x = 0; x < k; x++)
                    {
                        byte C(int c) => (byte)Math.Round(255 * (values[start + c * k * k + y * k + x] - min) / range);
                        tile[x, y] = channelsAreBgr ? new Rgb24(C(2), C(1), C(0)) : new Rgb24(C(0), C(1), C(2));
                    }
                tile.Mutate(m => m.Resize(k * scale, k * scale, KnownResamplers.NearestNeighbor));
                tiles.Add(tile);
            }
            return HeatmapOverlay.Grid(tiles, 8);
        }
        finally { foreach (var t in tiles) t.Dispose(); }
    }

    /// <summary>
    /// The <paramref name="count"/> most active channels of <paramref name="layer"/> for one image, each as a
    /// colour-mapped map scaled to <paramref name="tileSize"/> pixels, tiled 8 across.
    /// </summary>
    public static Image<Rgb24> FeatureMaps(ResNet model, PreparedImage image, string layer = "layer2", int count = 16, int tileSize = 84)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        int size = image.Geometry.Size;
        var x = tensor(image.Pixels, [1, 3, size, size]).to(model.Fc.weight!.device);
        var (_, activation) = model.ForwardCapture(x, layer);
        var a = activation[0].cpu().contiguous();
        int channels = (int)a.shape[0], h = (int)a.shape[1], w = (int)a.shape[2];
        var order = a.mean([1, 2]).argsort(descending: true).data<long>().ToArray().Take(Math.Min(count, channels)).ToArray();
        var values = a.data<float>().ToArray();
        var tiles = new List<Image<Rgb24>>();
        try
        {
            foreach (var c in order)
            {
                var tile = HeatmapOverlay.FromValues(values.AsSpan((int)c * h * w, h * w), w, h);
                tile.Mutate(m => m.Resize(tileSize, tileSize, KnownResamplers.NearestNeighbor));
                tiles.Add(tile);
            }
            return HeatmapOverlay.Grid(tiles, 8);
        }
        finally { foreach (var t in tiles) t.Dispose(); }
    }
}
