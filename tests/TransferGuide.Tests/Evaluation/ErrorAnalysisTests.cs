namespace TransferGuide.Tests.Evaluation;

public class ErrorAnalysisTests
{
    [Fact]
    public void Top_losses_are_ordered_by_loss_then_index()
    {
        var top = ErrorAnalysis.TopLosses(MetricFixtures.ThreeClasses(), 3);
        Assert.Equal([4, 5, 3], top.Select(t => t.Index)); // −ln .3, −ln .3 (tie), −ln .35
        Assert.Equal(-Math.Log(0.3), top[0].Loss, 5);
        Assert.Equal(("c", "a", 0.5), (top[0].TrueClass, top[0].PredictedClass, Math.Round(top[0].PredictedProbability, 5)));
    }

    [Fact]
    public void Most_confused_pairs_are_the_off_diagonal_cells()
    {
        var pairs = ErrorAnalysis.MostConfused(MetricFixtures.ThreeClasses());
        Assert.Equal([("b", "a", 1), ("c", "a", 1), ("c", "b", 1)], pairs.Select(p => (p.TrueClass, p.PredictedClass, p.Count)));
        Assert.Equal(0.5, pairs[0].FractionOfClass);
        Assert.Empty(ErrorAnalysis.MostConfused(MetricFixtures.ThreeClasses(), minCount: 2));
    }

    [Fact]
    public void Misclassified_csv_lists_paths_and_scores_and_quotes_commas()
    {
        using var dir = new TempDir();
        var path = dir.Combine("errors.csv");
        ErrorAnalysis.ExportMisclassified(MetricFixtures.ThreeClasses(), path);
        var lines = File.ReadAllLines(path);
        Assert.Equal("path,true_class,predicted_class,true_probability,predicted_probability,loss,p_a,p_b,p_c", lines[0]);
        Assert.Equal(4, lines.Length); // header + items 4, 5, 3
        Assert.StartsWith("/d/c/4.jpg,c,a,0.3,0.5,1.203973,0.5,0.2,0.3", lines[1]);
        Assert.StartsWith("\"/d/b/3,with comma.jpg\",b,a,0.35,0.4,", lines[3]);
    }
}
