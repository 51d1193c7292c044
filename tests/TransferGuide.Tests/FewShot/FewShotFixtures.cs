using TransferGuide.FewShot;

namespace TransferGuide.Tests.FewShot;

/// <summary>Generated features: well separated Gaussian clusters, one per class, seeded.</summary>
static class FewShotFixtures
{
    /// <summary><paramref name="classes"/> clusters of <paramref name="perClass"/> rows each, centres 8 apart on average, noise sd 0.5.</summary>
    public static FeatureSet Clusters(int classes, int perClass, int dim = 16, int seed = 1, double spread = 0.5)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var centres = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, dim).Select(_ => 4 * Normal() + 5).ToArray()).ToArray();
        var features = new float[classes * perClass * dim];
        var labels = new int[classes * perClass];
        for (int c = 0; c < classes; c++)
            for (int i = 0; i < perClass; i++)
            {
                int row = c * perClass + i;
                labels[row] = c;
                for (int j = 0; j < dim; j++) features[row * dim + j] = (float)(centres[c][j] + spread * Normal());
            }
        return new FeatureSet(features, dim, labels, labels.Select((l, i) => $"class{l}/item{i}.png").ToArray());
    }
}
