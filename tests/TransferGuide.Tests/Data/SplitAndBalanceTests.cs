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

    static ImageDataset Dataset(params (string Split, int Label, int Count)[] parts) =>
        new("d", "/d", ["a", "b", "c"], parts.SelectMany(p => Enumerable.Range(0, p.Count)
            .Select(i => new DataItem($"/d/{p.Split}/{p.Label}/{i:D3}.jpg", p.Label, p.Split))).ToList(), new LoadReport());

    [Fact]
    public void With_train_val_and_test_validation_selects_and_test_reports()
    {
        var full = Dataset(("train", 0, 5), ("val", 0, 2), ("test", 1, 3));
        var splits = StratifiedSplit.ForTraining(full, seed: 1);
        Assert.Equal((5, 2, 3, "val", "test"), (splits.Train.Count, splits.Valid.Count, splits.Test.Count, splits.ValidName, splits.TestName));
        Assert.Null(splits.Carved);
        var (train, final, finalName) = splits; // the three-part reading: train, the reported split, its name
        Assert.Equal((splits.Train, splits.Test, "test"), (train, final, finalName));
    }

    [Theory]
    [InlineData("test")]
    [InlineData("val")]
    public void With_one_held_out_split_it_is_the_test_and_validation_is_carved_from_train(string held)
    {
        var data = Dataset(("train", 0, 40), ("train", 1, 20), (held, 0, 7), (held, 1, 3));
        var splits = StratifiedSplit.ForTraining(data, seed: 4);
        Assert.Equal((DataSplits.HoldoutName, held, 10), (splits.ValidName, splits.TestName, splits.Test.Count));
        Assert.All(splits.Test, i => Assert.Equal(held, i.Split)); // the test split is the dataset's own, untouched
        Assert.Equal((6, 3), (splits.Valid.Count(i => i.Label == 0), splits.Valid.Count(i => i.Label == 1))); // 15% of each class
        Assert.Equal(60, splits.Train.Count + splits.Valid.Count);
        Assert.Empty(splits.Train.Select(i => i.Path).Intersect(splits.Valid.Select(i => i.Path)));
        Assert.Equal(splits.Valid, StratifiedSplit.ForTraining(data, seed: 4).Valid);
        Assert.NotEqual(splits.Valid, StratifiedSplit.ForTraining(data, seed: 5).Valid);
        Assert.Contains("15%", splits.Describe());
    }

    [Fact]
    public void Without_splits_validation_and_test_are_both_carved_per_class_with_the_seed()
    {
        var data = new ImageDataset("d", "/d", ["a", "b", "c"], Imbalanced(), new LoadReport());
        var splits = StratifiedSplit.ForTraining(data, seed: 3);
        var expected = StratifiedSplit.TrainValTest(data.Items, 0.15, 0.15, 3);
        Assert.Equal(("val", "test"), (splits.ValidName, splits.TestName));
        Assert.Equal(expected.Where(i => i.Split == "val"), splits.Valid);
        Assert.Equal(expected.Where(i => i.Split == "test"), splits.Test);
        Assert.Equal(expected.Where(i => i.Split == "train"), splits.Train);
        // The learner and the feature-extraction recipe share it, so both hold out the same items.
        Assert.Equal(splits.Valid, TransferGuide.Training.Learner.SplitFor(data, 3).Valid);
        // Only the training part is split when the data has "train" but nothing held out.
        var trainOnly = Dataset(("train", 0, 10), ("all", 1, 4));
        var parts = StratifiedSplit.ForTraining(trainOnly, seed: 1);
        Assert.All(parts.Valid.Concat(parts.Test), i => Assert.Equal(0, i.Label));
        Assert.True(parts.HasTest);
    }

    [Fact]
    public void Label_overloads_give_what_the_item_overloads_give()
    {
        var items = Imbalanced();
        var labels = items.Select(i => i.Label).ToArray();
        Assert.Equal(ClassBalance.Counts(items, 3), ClassBalance.Counts(labels, 3));
        Assert.Equal(ClassBalance.Weights(items, 3), ClassBalance.Weights(labels, 3));
        Assert.Equal(ClassBalance.WeightedOrder(items, 3, 4, 2), ClassBalance.WeightedOrder(labels, 3, 4, 2));
        Assert.Throws<ArgumentException>(() => ClassBalance.Counts([0, 3], 3));
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
