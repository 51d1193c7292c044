using TransferGuide.Interpretability;
using TransferGuide.Training;
using Xunit.Abstractions;

namespace TransferGuide.Tests.Interpretability;

[Collection("quickstart model")]
public class GradCamLocalisationTests(QuickstartModelFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Grad_cam_mass_lands_on_the_insect_for_most_hand_boxed_images()
    {
        var (model, header, _) = Checkpoint.Load(fixture.Checkpoint);
        using var _m = model;
        var boxes = BoxAnnotations.Bundled("hymenoptera_data")!;
        Assert.Equal(12, boxes.Count);
        foreach (var layer in new[] { "layer4", "layer3" })
        {
            var result = LocalisationCheck.Run(model, header.Preprocessing, header.Classes, boxes, SharedData.Hymenoptera, layer);
            output.WriteLine(result.Summary());
            if (Environment.GetEnvironmentVariable("TG_DUMP_OVERLAYS") is { Length: > 0 } dump)
                foreach (var item in result.Items)
                    File.WriteAllBytes(Path.Combine(dump, $"{layer}_{Path.GetFileNameWithoutExtension(item.Path)}.png"),
                        Convert.FromBase64String(item.OverlayPng[(item.OverlayPng.IndexOf(',') + 1)..]));
            foreach (var item in result.Items)
                output.WriteLine($"  {Path.GetFileName(item.Path)}: {item.MassInBox:P0} inside (box covers {item.BoxAreaFraction:P0} of the crop), predicted {header.Classes[item.PredictedClass]}");
        }
    }
}
