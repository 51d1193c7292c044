using Xunit.Abstractions;

namespace TransferGuide.Tests.Interpretability;

[Collection("quickstart model")]
public class GradCamLocalisationTests(QuickstartModelFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Grad_cam_lands_on_the_hand_boxed_insects()
    {
        var (loaded, header, _) = Checkpoint.Load(fixture.Checkpoint);
        using var _m = loaded;
        var model = Assert.IsType<TransferGuide.Models.ResNet>(loaded);
        var boxes = BoxAnnotations.Bundled("hymenoptera_data")!;
        Assert.Equal(12, boxes.Count);
        var result = LocalisationCheck.Run(model, header.Preprocessing, header.Classes, boxes, SharedData.Hymenoptera, "layer4");
        output.WriteLine(result.Summary());
        if (Environment.GetEnvironmentVariable("TG_DUMP_OVERLAYS") is { Length: > 0 } dump)
            foreach (var item in result.Items)
                File.WriteAllBytes(Path.Combine(dump, $"layer4_{Path.GetFileNameWithoutExtension(item.Path)}.png"),
                    Convert.FromBase64String(item.OverlayPng[(item.OverlayPng.IndexOf(',') + 1)..]));
        foreach (var item in result.Items)
            output.WriteLine($"  {Path.GetFileName(item.Path)}: {item.MassInBox:P0} inside (box covers {item.BoxAreaFraction:P0} of the crop), " +
                             $"peak inside {item.PeakInBox}, predicted {header.Classes[item.PredictedClass]}");

        Assert.Equal(12, result.Items.Count);
        // Measured with the quickstart head (2026-11-25): peak in the box for 11 of 12; 5 of 12 with more than half
        // the mass inside; mean 51% inside against 28% for a map spread evenly. The 7x7 layer4 grid, upsampled,
        // spreads mass well past small boxes, so "most of the mass" fails on small insects even when the peak is on them.
        Assert.True(result.PeakInside >= 10, $"peak inside the box for only {result.PeakInside} of 12");
        Assert.True(result.MeanMassInBox >= 1.5 * result.MeanBoxArea,
            $"mean mass in box {result.MeanMassInBox:P0} is not well above the {result.MeanBoxArea:P0} a uniform map would give");
        Assert.True(result.MajorityInside >= 4, $"only {result.MajorityInside} of 12 with most mass in the box");

        // The last convolution (before the final shortcut adds layer4.1's less class-specific features back) is the
        // layer the Grad-CAM paper uses. Measured: 8 of 12 with most mass in the box, mean 62%, peak 11 of 12.
        // Caveat: this layer was compared with others on these same 12 images, so the figure is optimistic.
        Assert.Equal("layer4.2.conv2", model.LastConvLayer);
        var last = LocalisationCheck.Run(model, header.Preprocessing, header.Classes, boxes, SharedData.Hymenoptera, model.LastConvLayer);
        output.WriteLine(last.Summary());
        Assert.True(last.MajorityInside >= 7, $"at the last convolution only {last.MajorityInside} of 12 with most mass in the box");
        Assert.True(last.PeakInside >= 10, $"at the last convolution the peak is in the box for only {last.PeakInside} of 12");
    }
}
