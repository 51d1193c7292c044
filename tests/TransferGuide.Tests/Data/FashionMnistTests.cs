using static TorchSharp.torch;

namespace TransferGuide.Tests.Data;

public class FashionMnistTests
{
    /// <summary>A tiny gzipped Fashion-MNIST: <paramref name="perClass"/> 4×3 images per class, pixel = label * 20 + index.</summary>
    internal static string WriteFixture(TempDir dir, int perClass = 3, int classes = 10)
    {
        var root = dir.Combine("fashion");
        Directory.CreateDirectory(root);
        foreach (var (split, n) in new[] { ("train", perClass), ("t10k", 1) })
        {
            int count = n * classes;
            var pixels = new byte[count * 12];
            var labels = new byte[count];
            for (int i = 0; i < count; i++)
            {
                labels[i] = (byte)(i % classes);
                for (int p = 0; p < 12; p++) pixels[i * 12 + p] = (byte)(labels[i] * 20 + p);
            }
            IdxFile.Write(Path.Combine(root, $"{split}-images-idx3-ubyte.gz"), new IdxArray([count, 4, 3], pixels));
            IdxFile.Write(Path.Combine(root, $"{split}-labels-idx1-ubyte.gz"), new IdxArray([count], labels));
        }
        return root;
    }

    [Fact]
    public void Reads_gzipped_idx_images_and_labels()
    {
        using var dir = new TempDir();
        var data = FashionMnist.Load(WriteFixture(dir));
        Assert.Equal((30, 4, 3), (data.Train.Count, data.Train.Height, data.Train.Width));
        Assert.Equal(10, data.Test.Count);
        Assert.Equal("Ankle boot", data.Classes[9]);
        Assert.Equal(7, data.Train.Labels[7]);
        Assert.Equal(7 * 20 + 5, data.Train.Pixels(7)[5]);

        using var scope = NewDisposeScope();
        var (images, labels) = data.Train.ToTensors([7, 0]);
        Assert.Equal([2L, 1, 4, 3], images.shape);
        Assert.Equal([7L, 0], labels.data<long>().ToArray());
        Assert.Equal((7 * 20 + 5) / 255f, images[0, 0, 1, 2].item<float>(), 5);
    }

    [Fact]
    public void A_few_label_subset_saves_as_an_image_dataset()
    {
        using var dir = new TempDir();
        var data = FashionMnist.Load(WriteFixture(dir, perClass: 4));
        var subset = FewLabels.PerClass(data.Train.LabelList, 2, seed: 1);
        Assert.Equal(20, data.Train.SaveImages(dir.Combine("few", "train"), data.Classes, subset.Labelled));
        data.Test.SaveImages(dir.Combine("few", "test"), data.Classes);

        var images = TransferGuide.Data.ImageFolder.Load(dir.Combine("few"));
        Assert.Equal(10, images.Classes.Count);
        Assert.Contains("T-shirt-top", images.Classes);
        Assert.Equal((20, 10), (images.Split("train").Count, images.Split("test").Count));
        Assert.Empty(images.Report.Skipped);
    }

    [Fact]
    public void Plain_idx_reads_too_and_round_trips()
    {
        using var dir = new TempDir();
        var array = new IdxArray([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        IdxFile.Write(dir.Combine("x.idx"), array);
        var back = IdxFile.Read(dir.Combine("x.idx"));
        Assert.Equal(array.Shape, back.Shape);
        Assert.Equal(array.Data, back.Data);
        Assert.Equal(4, back.ItemSize);
    }

    [Fact]
    public void Broken_files_are_named_with_the_problem()
    {
        using var dir = new TempDir();
        var root = WriteFixture(dir);
        var images = Path.Combine(root, "train-images-idx3-ubyte.gz");

        var whole = File.ReadAllBytes(images);
        IdxFile.Write(dir.Combine("plain.idx"), new IdxArray([30, 4, 3], new byte[360]));
        File.WriteAllBytes(dir.Combine("cut.idx"), File.ReadAllBytes(dir.Combine("plain.idx"))[..100]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.Combine("cut.idx")));
        Assert.Contains(dir.Combine("cut.idx"), e.Message);
        Assert.Contains("truncated", e.Message);

        File.WriteAllText(dir.Combine("text.idx"), "hello, not idx");
        e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.Combine("text.idx")));
        Assert.Contains("not an IDX file", e.Message);

        File.WriteAllBytes(images, whole[..(whole.Length / 2)]); // a cut-off gzip stream
        e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(root));
        Assert.Contains(images, e.Message);

        // Images and labels that disagree.
        IdxFile.Write(images, new IdxArray([29, 4, 3], new byte[29 * 12]));
        e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(root));
        Assert.Contains("29 images", e.Message);
        Assert.Contains("30 labels", e.Message);
    }

    [Fact]
    public void A_missing_file_says_which_package_installs_it()
    {
        using var dir = new TempDir();
        var root = WriteFixture(dir);
        File.Delete(Path.Combine(root, "t10k-labels-idx1-ubyte.gz"));
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(root));
        Assert.Contains("t10k-labels-idx1-ubyte.gz", e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);

        var manifest = DatasetCatalog.Get("fashion_mnist");
        var nowhere = manifest with { Name = "no_such_fashion", Source = manifest.Source with { Path = dir.Combine("not-installed") } };
        var notFound = Assert.Throws<DatasetNotFoundException>(() => DatasetResolver.Resolve(nowhere, allowDownload: false));
        Assert.Contains("apt-get install dataset-fashion-mnist", notFound.Message);
    }

    [FashionMnistFact]
    public void The_installed_package_has_60000_and_10000_balanced_images()
    {
        // The real files from dataset-fashion-mnist (.ci/run installs it; without it this test skips, saying so).
        var data = FashionMnist.Load();
        Assert.Equal((60000, 28, 28), (data.Train.Count, data.Train.Height, data.Train.Width));
        Assert.Equal(10000, data.Test.Count);
        Assert.All(data.Train.Labels.GroupBy(l => l), g => Assert.Equal(6000, g.Count()));
        Assert.All(data.Test.Labels.GroupBy(l => l), g => Assert.Equal(1000, g.Count()));
        Assert.InRange(data.Train.Images.Data.Average(b => (double)b), 50, 100); // mostly dark background
    }

    [Fact]
    public void K_labels_per_class_is_seeded_balanced_and_nested()
    {
        using var dir = new TempDir();
        var labels = FashionMnist.Load(WriteFixture(dir, perClass: 8)).Train.LabelList;
        var five = FewLabels.PerClass(labels, 5, seed: 3);
        Assert.Equal(50, five.Labelled.Count);
        Assert.All(five.Labelled.GroupBy(i => labels[i]), g => Assert.Equal(5, g.Count()));
        Assert.Equal(five.Labelled.Order(), five.Labelled);
        Assert.Equal(labels.Count, five.Labelled.Concat(five.Unlabelled).Distinct().Count());

        Assert.Equal(five.Labelled, FewLabels.PerClass(labels, 5, seed: 3).Labelled);
        // The picks tg fewlabels has always made: one shuffle per class, seeded by (seed, class).
        var before = new List<int>();
        foreach (var g in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = g.ToArray();
            new Random(TransferGuide.Core.Reproducibility.Mix(3, g.Key)).Shuffle(members);
            before.AddRange(members.Take(5));
        }
        Assert.Equal(before.Order(), five.Labelled);
        Assert.NotEqual(five.Labelled, FewLabels.PerClass(labels, 5, seed: 4).Labelled);
        Assert.Subset(FewLabels.PerClass(labels, 7, seed: 3).Labelled.ToHashSet(), five.Labelled.ToHashSet());

        var e = Assert.Throws<ArgumentException>(() => FewLabels.PerClass(labels, 9, seed: 3, DatasetCatalog.Get("fashion_mnist").Classes));
        Assert.Contains("'T-shirt/top' (0) has only 8", e.Message);

        var items = labels.Select((l, i) => new DataItem($"f{i}.png", l, "train")).ToList();
        Assert.Equal(five.Labelled.Select(i => items[i]), FewLabels.PerClass(items, 5, seed: 3));
    }
}
