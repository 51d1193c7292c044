namespace TransferGuide.Tests.Evaluation;

public class MetricTests
{
    const int Places = 9;

    [Fact]
    public void Binary_report_matches_hand_counts()
    {
        // Predictions pos pos neg | pos neg neg: TP 2, FN 1, FP 1, TN 2.
        var r = MetricFixtures.Binary();
        Assert.Equal([1, 1, 0, 1, 0, 0], r.Predicted);
        var report = ClassificationReport.From(r);
        Assert.Equal(4.0 / 6, report.Accuracy, Places);
        Assert.Equal(4.0 / 6, report.BalancedAccuracy, Places);
        foreach (var c in report.PerClass)
        {
            Assert.Equal(2.0 / 3, c.Precision, Places);
            Assert.Equal(2.0 / 3, c.Recall, Places);
            Assert.Equal(2.0 / 3, c.F1, Places);
            Assert.Equal(3, c.Support);
        }
        Assert.Equal(2.0 / 3, report.MacroF1, Places);
        Assert.Equal(2.0 / 3, report.WeightedF1, Places);
    }

    [Fact]
    public void Binary_roc_and_pr_match_hand_values()
    {
        var r = MetricFixtures.Binary();
        var roc = RocCurve.OneVsRest(r, 1);
        // Scores high to low: .9P .8P .6N .4P .3N .1N.
        Assert.Equal([0, 0, 0, 1, 1, 2, 3], roc.FalsePositiveRate.Select(v => (int)Math.Round(v * 3)));
        Assert.Equal([0, 1, 2, 2, 3, 3, 3], roc.TruePositiveRate.Select(v => (int)Math.Round(v * 3)));
        Assert.Equal(8.0 / 9, roc.Auc!.Value, Places);             // 8 of 9 positive-negative pairs in order
        Assert.Equal(8.0 / 9, RocCurve.MacroAuc(r)!.Value, Places);
        var pr = PrecisionRecallCurve.OneVsRest(r, 1);
        Assert.Equal(1.0 / 3 + 1.0 / 3 + 1.0 / 3 * 3 / 4, pr.AveragePrecision!.Value, Places); // 11/12
        Assert.Equal(0.5, pr.Prevalence, Places);
    }

    [Fact]
    public void Tied_scores_move_together_and_earn_half_credit()
    {
        // Positives .5 .5, negatives .5 .2: the tie at .5 is one diagonal step.
        var roc = RocCurve.Compute("x", [0.5, 0.5, 0.5, 0.2], [true, true, false, false]);
        Assert.Equal([0, 0.5, 1], roc.FalsePositiveRate);
        Assert.Equal([0, 1, 1], roc.TruePositiveRate);
        Assert.Equal(0.75, roc.Auc!.Value, Places);
        var pr = PrecisionRecallCurve.Compute("x", [0.5, 0.5, 0.5, 0.2], [true, true, false, false]);
        Assert.Equal(2.0 / 3, pr.AveragePrecision!.Value, Places);
    }

    [Fact]
    public void Roc_of_a_class_with_no_items_has_no_area()
    {
        var roc = RocCurve.Compute("x", [0.1, 0.2], [false, false]);
        Assert.Null(roc.Auc);
        Assert.Null(PrecisionRecallCurve.Compute("x", [0.1, 0.2], [false, false]).AveragePrecision);
    }

    [Fact]
    public void Multi_class_report_with_a_never_predicted_class()
    {
        var r = MetricFixtures.ThreeClasses();
        Assert.Equal([0, 0, 1, 0, 0, 1], r.Predicted);
        var report = ClassificationReport.From(r);
        var (a, b, c) = (report.PerClass[0], report.PerClass[1], report.PerClass[2]);
        Assert.Equal((0.5, 1.0), (a.Precision, a.Recall));
        Assert.Equal(2.0 / 3, a.F1, Places);
        Assert.Equal((0.5, 0.5, 0.5), (b.Precision, b.Recall, b.F1));
        Assert.Equal((0.0, 0.0, 0.0, 0), (c.Precision, c.Recall, c.F1, c.PredictedCount)); // zero_division = 0
        Assert.Equal(0.5, report.Accuracy, Places);
        Assert.Equal(0.5, report.BalancedAccuracy, Places);
        Assert.Equal(1.0 / 3, report.MacroPrecision, Places);
        Assert.Equal(0.5, report.MacroRecall, Places);
        Assert.Equal(7.0 / 18, report.MacroF1, Places);
        Assert.Equal(7.0 / 18, report.WeightedF1, Places); // equal supports
        Assert.Equal(report.Accuracy, report.WeightedRecall, Places);
    }

    [Fact]
    public void Macro_averages_skip_classes_that_never_occur()
    {
        // Class c has no items and no predictions: it says nothing about the model.
        var r = MetricFixtures.Hard(["a", "b", "c"], [0, 0, 1, 1], [0, 1, 1, 1]);
        var report = ClassificationReport.From(r);
        Assert.Equal((1.0 + 2.0 / 3) / 2, report.MacroPrecision, Places);
        Assert.Equal((0.5 + 1.0) / 2, report.BalancedAccuracy, Places);
    }

    [Fact]
    public void Top_k_counts_ties_the_way_argmax_breaks_them()
    {
        var r = MetricFixtures.ThreeClasses();
        Assert.Equal(0.5, r.TopKAccuracy(1), Places);
        Assert.Equal(5.0 / 6, r.TopKAccuracy(2), Places); // item 5: c ties a at .3 and ranks after it
        Assert.Equal(1.0, r.TopKAccuracy(3), Places);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.TopKAccuracy(0));
    }

    [Fact]
    public void Confusion_matrices_raw_and_normalised()
    {
        var r = MetricFixtures.ThreeClasses();
        Assert.Equal(new[,] { { 2, 0, 0 }, { 1, 1, 0 }, { 1, 1, 0 } }, r.ConfusionMatrix());
        Assert.Equal(new[,] { { 1.0, 0, 0 }, { 0.5, 0.5, 0 }, { 0.5, 0.5, 0 } }, r.NormalisedConfusionMatrix());
        var empty = MetricFixtures.Hard(["a", "b"], [0], [1]);
        Assert.Equal(new[,] { { 0.0, 1 }, { 0, 0 } }, empty.NormalisedConfusionMatrix()); // class b has no items: a zero row
    }

    [Fact]
    public void Multi_class_one_vs_rest_auc_is_the_mean_of_pairwise_orderings()
    {
        var r = MetricFixtures.ThreeClasses();
        var aucs = RocCurve.PerClass(r).Select(c => c.Auc!.Value).ToArray();
        Assert.Equal(7.5 / 8, aucs[0], Places); // a: one tie at .5
        Assert.Equal(7.0 / 8, aucs[1], Places);
        Assert.Equal(1.0, aucs[2], Places);
        Assert.Equal((7.5 / 8 + 7.0 / 8 + 1) / 3, RocCurve.MacroAuc(r)!.Value, Places);
    }

    [Fact]
    public void Calibration_bins_and_expected_error()
    {
        // Confidences .7 .5 .6 .4 .5 .4; right, right, right, wrong, wrong, wrong.
        var cal = Calibration.From(MetricFixtures.ThreeClasses(), bins: 10);
        Assert.Equal([0, 0, 0, 2, 2, 1, 1, 0, 0, 0], cal.Bins.Select(b => b.Count));
        Assert.Equal(0.5, cal.Bins[4].Accuracy, Places);
        Assert.Equal((2 * 0.4 + 0 + 0.4 + 0.3) / 6, cal.ExpectedCalibrationError, 6);
        Assert.Equal(0.4, cal.MaximumCalibrationError, 6);
    }

    [Fact]
    public void Bootstrap_is_seeded_brackets_the_value_and_is_exact_for_a_perfect_model()
    {
        var r = MetricFixtures.ThreeClasses();
        var first = Bootstrap.Metrics(r, resamples: 300, seed: 3);
        Assert.Equal(first, Bootstrap.Metrics(r, resamples: 300, seed: 3));
        Assert.InRange(first.Accuracy.Value, first.Accuracy.Lower, first.Accuracy.Upper);
        Assert.True(first.Accuracy.Upper - first.Accuracy.Lower > 0.2, "six items should give a wide interval");
        var perfect = Bootstrap.Metrics(MetricFixtures.Hard(["a", "b"], [0, 1, 0, 1], [0, 1, 0, 1]), resamples: 200);
        Assert.Equal((1.0, 1.0, 1.0), (perfect.Accuracy.Lower, perfect.Accuracy.Value, perfect.Accuracy.Upper));
        Assert.Equal(1.0, perfect.MacroF1.Lower);
    }

    [Fact]
    public void Quantile_interpolates_like_numpy() =>
        Assert.Equal(2.5, Bootstrap.Quantile([1, 2, 3, 4], 0.5), Places);
}
