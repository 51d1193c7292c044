using TransferGuide.Data;

namespace TransferGuide.Tests.Data;

public class SplitAndBalanceTests
{
    /// <summary>Class 0 has 40 items, class 1 has 10 and class 2 has 5: imbalanced, like real small datasets.</summary>
    static List<DataItem> Imbalanced() =>
        [.. new[] { 40, 10, 5 }.SelectMany((n, label) => Enumerable.Range(0, n).Select(i => new DataItem($"/d/{label}/{i:D3}.jpg", label, "all")))];

    [Fact]
    public void Train_val_test_keeps_each_class_in_every_part_and_is_seeded()
    {
        var items = Imbalanced();
        var a = StratifiedSplit.TrainValTest(items, 0.2, 0.2, seed: 5);
        Assert.Equal(a, StratifiedSplit.TrainValTest(items, 0.2, 0.2, seed: 5));
        Assert.NotEqual(a, StratifiedSplit.TrainValTest(items, 0.2, 0.2, seed: 6));
        Assert.Equal(items.Count, a.Count);
        Assert.Equal(items.Select(i => i.Path).Order(), a.Select(i => i.Path).Order());
        Assert.Equal(8, a.Count(i => i.Label == 0 && i.Split == "test"));
        Assert.Equal(8, a.Count(i => i.Label == 0 && i.Split == "val"));
        foreach (var split in new[] { "train", "val", "test" })
            for (int label = 0; label < 3; label++)
                Assert.Contains(a, i => i.Label == label && i.Split == split);
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.TrainValTest(items, 0.6, 0.5, 1));
    }

    [Fact]
    public void K_fold_holds_out_every_item_exactly_once_and_spreads_classes()
    {
        var items = Imbalanced();
        var folds = StratifiedSplit.KFold(items, 5, seed: 1);
        Assert.Equal(5, folds.Count);
        var heldOut = folds.SelectMany(f => f.Where(i => i.Split == "val").Select(i => i.Path)).ToList();
        Assert.Equal(items.Count, heldOut.Count);
        Assert.Equal(items.Count, heldOut.Distinct().Count());
        foreach (var fold in folds)
        {
            Assert.Equal(items.Count, fold.Count);
            Assert.Equal(8, fold.Count(i => i.Label == 0 && i.Split == "val"));
            Assert.Equal(1, fold.Count(i => i.Label == 2 && i.Split == "val"));
        }
        Assert.Equal(folds.Select(f => f.ToList()), StratifiedSplit.KFold(items, 5, seed: 1).Select(f => f.ToList()));
    }

    [Fact]
    public void Class_weights_make_every_class_count_the_same()
    {
        var items = Imbalanced();
        var w = ClassBalance.Weights(items, 3);
        Assert.Equal(55f / (3 * 40), w[0], 5);
        Assert.Equal(55f / (3 * 5), w[2], 5);
        var counts = ClassBalance.Counts(items, 3);
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(55f / 3, w[c] * counts[c], 3));
        Assert.Equal(8.0, ClassBalance.ImbalanceRatio(items, 3));
        Assert.Equal(0f, ClassBalance.Weights(items, 4)[3]);
    }

    [Fact]
    public void Weighted_order_draws_classes_about_equally_and_is_seeded()
    {
        var items = Imbalanced();
        var order = ClassBalance.WeightedOrder(items, 3, seed: 2, epoch: 0, length: 6000);
        Assert.Equal(order, ClassBalance.WeightedOrder(items, 3, seed: 2, epoch: 0, length: 6000));
        Assert.NotEqual(order, ClassBalance.WeightedOrder(items, 3, seed: 2, epoch: 1, length: 6000));
        var perClass = order.GroupBy(i => items[i].Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perClass.Values, n => Assert.InRange(n, 1800, 2200));
        Assert.Equal(55, ClassBalance.WeightedOrder(items, 3, 2, 0).Length);
    }

    [Fact]
    public void Class_balance_chart_draws_every_split_and_class()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(dir.ColourDataset("d", 2, "train", "val"));
        var html = Plotly.NET.GenericChart.toChartHTML(TransferGuide.Charts.ClassBalanceChart.Create(data));
        foreach (var s in new[] { "red", "blue", "train", "val", "d: images per class" }) Assert.Contains(s, html);
    }
}
