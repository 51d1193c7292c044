namespace TransferGuide.Tests.Augment;

public class BatchMixTests
{
    const int Size = 8, Plane = 3 * Size * Size;

    /// <summary>Image i is filled with the value i + 1, so every mixed pixel says where it came from.</summary>
    static float[] Batch(int n) => Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat((float)(i + 1), Plane)).ToArray();

    [Fact]
    public void MixUp_blends_images_and_labels_by_the_same_lambda()
    {
        var pixels = Batch(6);
        int[] labels = [0, 1, 2, 0, 1, 2];
        var m = BatchMix.MixUp(pixels, labels, 3, Size, 0.4, new Random(1));
        Assert.Equal(pixels.Length, m.Pixels.Length);
        Assert.InRange(m.Lambda, 0, 1);
        for (int i = 0; i < 6; i++)
        {
            float expected = (float)(m.Lambda * (i + 1) + (1 - m.Lambda) * (m.Partner[i] + 1));
            Assert.All(m.Pixels.AsSpan(i * Plane, Plane).ToArray(), v => Assert.Equal(expected, v, 4));
            var row = m.Targets.AsSpan(i * 3, 3).ToArray();
            Assert.Equal(1f, row.Sum(), 5);
            Assert.True(row[labels[i]] >= (float)m.Lambda - 1e-5);
        }
        Assert.Equal(Enumerable.Range(0, 6), m.Partner.Order()); // a permutation
    }

    [Fact]
    public void CutMix_pastes_one_box_and_weights_labels_by_its_area()
    {
        var pixels = Batch(4);
        int[] labels = [0, 1, 0, 1];
        for (int seed = 0; seed < 10; seed++)
        {
            var m = BatchMix.CutMix(pixels, labels, 2, Size, 1.0, new Random(seed));
            for (int i = 0; i < 4; i++)
            {
                var own = m.Pixels.AsSpan(i * Plane, Plane).ToArray();
                // An image paired with itself keeps its own pixels; for the rest the pasted share is exactly 1 - λ.
                if (m.Partner[i] != i) Assert.Equal(1 - m.Lambda, own.Count(v => v == m.Partner[i] + 1) / (double)Plane, 6);
                Assert.All(own, v => Assert.True(v == i + 1 || v == m.Partner[i] + 1));
                Assert.Equal(1f, m.Targets[i * 2] + m.Targets[i * 2 + 1], 5);
            }
        }
    }

    [Fact]
    public void Mixing_is_deterministic_for_a_seed_and_stays_in_range()
    {
        var pixels = Batch(5);
        int[] labels = [0, 1, 2, 3, 0];
        foreach (var kind in new[] { MixKind.MixUp, MixKind.CutMix })
        {
            var a = BatchMix.Apply(new BatchMixing(kind, 0.5), pixels, labels, 4, Size, new Random(9));
            var b = BatchMix.Apply(new BatchMixing(kind, 0.5), pixels, labels, 4, Size, new Random(9));
            Assert.Equal(a.Pixels, b.Pixels);
            Assert.Equal(a.Targets, b.Targets);
            Assert.All(a.Pixels, v => Assert.InRange(v, 1f, 5f)); // convex combinations never leave the inputs' range
            Assert.All(a.Targets, t => Assert.InRange(t, 0f, 1f));
        }
    }

    [Fact]
    public void Probability_zero_leaves_the_batch_with_hard_labels()
    {
        var pixels = Batch(3);
        var m = BatchMix.Apply(new BatchMixing(Probability: 0), pixels, [2, 0, 1], 3, Size, new Random(0));
        Assert.Equal(pixels, m.Pixels);
        Assert.Equal(BatchMix.OneHot([2, 0, 1], 3), m.Targets);
        Assert.Equal(1.0, m.Lambda);
    }

    [Fact]
    public void Beta_draws_have_the_right_mean_and_shape()
    {
        var random = new Random(3);
        var wide = Enumerable.Range(0, 4000).Select(_ => BatchMix.Beta(random, 1.0)).ToList();
        Assert.InRange(wide.Average(), 0.47, 0.53);
        Assert.InRange(wide.Count(x => x < 0.25) / 4000.0, 0.21, 0.29); // Beta(1,1) is uniform
        var peaked = Enumerable.Range(0, 4000).Select(_ => BatchMix.Beta(random, 0.2)).ToList();
        Assert.True(peaked.Count(x => x < 0.1 || x > 0.9) > 2000, "Beta(0.2, 0.2) puts most draws near 0 or 1");
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchMix.Beta(random, 0));
    }

    [Fact]
    public void Tta_views_are_fixed_crops_and_flips()
    {
        var p = TransferGuide.Data.Preprocessing.CntkResNet with { CropSize = 24, ResizeShorterSide = 28 };
        Assert.Equal(2, TestTimeAugmentation.Views(p).Count);
        Assert.Equal(5, TestTimeAugmentation.Views(p, TtaViews.FiveCrop).Count);
        var ten = TestTimeAugmentation.Views(p, TtaViews.TenCrop);
        Assert.Equal(10, ten.Count);
        var images = ten.Select(v =>
        {
            using var image = TestImages.Pattern(48, 32);
            v.ApplyAll(image, new Random(0));
            Assert.Equal((24, 24), (image.Width, image.Height));
            return Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(TestImages.Pixels(image).AsSpan()));
        }).ToList();
        Assert.Equal(10, images.Distinct().Count());
    }
}
