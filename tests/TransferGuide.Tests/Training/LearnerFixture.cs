namespace TransferGuide.Tests.Training;

/// <summary>Tiny red/blue datasets and fast learner options (64 px inputs) for training tests.</summary>
internal static class LearnerFixture
{
    public static ImageDataset Colours(TempDir dir, int perClass = 4) =>
        ImageFolder.Load(dir.ColourDataset("colours", perClass, "train", "val"));

    public static LearnerOptions Fast(string? checkpoint = null) =>
        new() { BatchSize = 4, ImageSize = 64, Seed = 7, CheckpointPath = checkpoint };

    public static Dictionary<string, float[]> Weights(TransferGuide.Models.ZooModel model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to_type(TorchSharp.torch.ScalarType.Float32).cpu().contiguous().data<float>().ToArray());

    public static double MaxDifference(Dictionary<string, float[]> a, Dictionary<string, float[]> b)
    {
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        return a.Keys.Max(k => a[k].Zip(b[k], (x, y) => (double)Math.Abs(x - y)).DefaultIfEmpty(0).Max());
    }
}
