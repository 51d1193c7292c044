using static TorchSharp.torch;

namespace TransferGuide.Tests.Interpretability;

public class GradCamTests
{
    static ResNet Model()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var model = new ResNet(OnnxResNetWeights.CntkResNet18Blocks, 2);
        // The backbone comes from torch's global generator, which classes running beside this one also draw from, so a
        // class's map can be zeroed by ReLU everywhere (0/0 in the CAM check). Class 0's head row is minus class 1's:
        // wherever one class's map is cut to zero the other's is positive, so one of the two always has a map.
        var r = new Random(5);
        using (no_grad())
        {
            var fc = model.Fc;
            int features = (int)fc.weight!.shape[1];
            var row = Enumerable.Range(0, features).Select(_ => (float)(r.NextDouble() * 0.1 - 0.05)).ToArray();
            fc.weight.copy_(tensor(row.Select(v => -v).Concat(row).ToArray(), fc.weight.shape));
            fc.bias!.zero_();
        }
        model.eval();
        return model;
    }

    static (Tensor Logits, Tensor Activations) CaptureLayer4(ResNet model, float[] pixels, int size)
    {
        using var _ = no_grad();
        return model.ForwardCapture(tensor(pixels, [1, 3, size, size]), "layer4");
    }

    static float[] Input(int size, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, 3 * size * size).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    [Fact]
    public void At_layer4_grad_cam_equals_the_class_activation_map_of_the_linear_head()
    {
        // With global average pooling then a linear head, d(score_c)/dA_k(i,j) = W[c,k] / (h·w) everywhere, so
        // Grad-CAM must equal ReLU(Σ_k W[c,k] A_k), upsampled and scaled to peak 1 (Zhou et al.'s CAM).
        using var model = Model();
        const int size = 64;
        var pixels = Input(size, 1);

        using var scope = NewDisposeScope();
        var (logits, a) = CaptureLayer4(model, pixels, size);
        Tensor Expected(int c)
        {
            using var _ = no_grad();
            var w = model.Fc.weight![c].reshape(1, -1, 1, 1);
            var map = (w * a).sum(1, keepdim: true).relu();
            return nn.functional.interpolate(map, [size, size], mode: InterpolationMode.Bilinear, align_corners: false).squeeze();
        }
        int target = Expected(1).max().item<float>() > 0 ? 1 : 0;
        var expected = Expected(target);
        Assert.True(expected.max().item<float>() > 0, "neither class has a map that is not all zero (layer4 gave all zeros)");
        expected = expected / expected.max();
        var cam = GradCam.Compute(model, pixels, size, targetClass: target, layer: "layer4");
        var want = expected.data<float>().ToArray();
        Assert.Equal(2, cam.FeatureSize);
        Assert.True(want.Zip(cam.Map, (x, y) => Math.Abs(x - y)).Max() < 1e-4);
        Assert.Equal(logits.softmax(1).data<float>().ToArray(), cam.Probabilities);
    }

    [Fact]
    public void Every_capture_layer_gives_a_map_and_forward_capture_matches_forward()
    {
        using var model = Model();
        const int size = 64;
        var pixels = Input(size, 2);
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var x = tensor(pixels, [1, 3, size, size]);
            var plain = model.forward(x);
            var (logits, _) = model.ForwardCapture(x, "layer3.1.conv2");
            Assert.True((plain - logits).abs().max().item<float>() < 1e-5);
        }
        foreach (var layer in new[] { "stem", "layer1", "layer2.0.conv1", "layer3.1", "layer4.2.conv2", "layer4" })
        {
            var cam = GradCam.Compute(model, pixels, size, layer: layer);
            Assert.Equal(size * size, cam.Map.Length);
            Assert.InRange(cam.Map.Max(), 0f, 1f);
        }
        Assert.Contains("layer4.2.conv2", model.CaptureLayers());
        var e = Assert.Throws<ArgumentException>(() => GradCam.Compute(model, pixels, size, layer: "layer9"));
        Assert.Contains("Unknown layer 'layer9'", e.Message);
    }

    [Fact]
    public void Mass_and_peak_inside_a_box()
    {
        var map = new float[16];
        map[5] = 1; map[6] = 1; map[15] = 2; // 4x4: (1,1), (2,1) and (3,3)
        var cam = new GradCamMap(map, 4, "x", 0, [1f], 1);
        Assert.Equal(0.5, cam.MassInside(new Box(1, 1, 3, 2)), 9);
        Assert.False(cam.PeakInside(new Box(1, 1, 3, 2)));
        Assert.True(cam.PeakInside(new Box(3, 3, 4, 4)));
    }

    [Fact]
    public void Boxes_on_the_original_photo_map_into_the_centre_crop()
    {
        // 500x375 → shorter side 256: 341x256, crop 224 at (58, 16).
        var g = CropGeometry.For(500, 375, Preprocessing.CntkResNet);
        Assert.Equal((341, 256, 58, 16), (g.ResizedWidth, g.ResizedHeight, g.OffsetX, g.OffsetY));
        var box = g.ToCrop(new Box(150, 95, 390, 300));
        Assert.Equal(150 * 341 / 500.0 - 58, box.Left, 9);
        Assert.Equal(95 * 256 / 375.0 - 16, box.Top, 9);
        Assert.Equal(224, g.ToCrop(new Box(0, 0, 500, 375)).Right); // clipped to the crop
    }

    [Fact]
    public void Box_files_with_mistakes_name_the_line()
    {
        using var dir = new TempDir();
        var bad = dir.Bytes("boxes.tsv", "path\tleft\ttop\tright\tbottom\na.jpg\t1\t2\t3\n"u8.ToArray());
        Assert.Contains("boxes.tsv, line 2", Assert.Throws<FormatException>(() => BoxAnnotations.Load(bad)).Message);
        var empty = dir.Bytes("empty.tsv", "a.jpg\t5\t5\t1\t9\n"u8.ToArray());
        Assert.Contains("right must exceed left", Assert.Throws<FormatException>(() => BoxAnnotations.Load(empty)).Message);
        Assert.Throws<FileNotFoundException>(() => BoxAnnotations.Load(dir.Combine("none.tsv")));
        Assert.Equal(12, BoxAnnotations.Bundled("hymenoptera_data")!.Count);
        Assert.Null(BoxAnnotations.Bundled("sst2"));
    }

    [Fact]
    public void Filters_and_feature_maps_are_pictures_of_the_right_size()
    {
        using var model = Model();
        using var filters = FeatureViews.FirstLayerFilters(model, channelsAreBgr: true);
        Assert.Equal((8 * 42 + 7 * 2, 8 * 42 + 7 * 2), (filters.Width, filters.Height));
        using var dir = new TempDir();
        var path = dir.Image("x.png", 200, 40, 40, 80, 70);
        using var image = PreparedImage.Load(path, Preprocessing.CntkResNet with { CropSize = 64, ResizeShorterSide = 73 });
        using var maps = FeatureViews.FeatureMaps(model, image, "layer2", count: 16, tileSize: 20);
        Assert.Equal((8 * 20 + 7 * 2, 2 * 20 + 2), (maps.Width, maps.Height));
        Assert.StartsWith("data:image/png;base64,", HeatmapOverlay.ToDataUri(maps));
    }
}
