using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Training;

namespace TransferGuide.Charts;

/// <summary>The learning-rate range test: smoothed loss against the rate on a log axis, with the suggestions marked.</summary>
public static class LrFinderChart
{
    /// <summary>Draws the sweep of <paramref name="result"/>; the suggested rate and min/10 appear as points.</summary>
    public static GenericChart Create(LrFinderResult result, string title = "Learning-rate finder")
    {
        var curve = CsChart.Line<double, double, string>(result.LearningRates, result.Losses, Name: "smoothed loss", ShowMarkers: false);
        var marks = new List<GenericChart> { curve };
        foreach (var (lr, name) in new[] { (result.Suggested, "suggested (steepest)"), (result.MinimumLoss, "minimum / 10") })
            if (double.IsFinite(lr) && lr > 0)
                marks.Add(CsChart.Point<double, double, string>([lr], [LossAt(result, lr)], Name: $"{name}: {lr:G2}"));
        return CsChart.Combine(marks)
            .WithXAxisStyle<double, double, string>(TitleText: "learning rate (log scale)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "training loss (smoothed)")
            .WithTitle(title)
            .WithSize(760, 400);
    }

    /// <summary>The smoothed loss at the swept rate nearest to <paramref name="lr"/> (in log distance).</summary>
    public static double LossAt(LrFinderResult result, double lr)
    {
        if (result.LearningRates.Length == 0) return double.NaN;
        int best = 0;
        for (int i = 1; i < result.LearningRates.Length; i++)
            if (Math.Abs(Math.Log(result.LearningRates[i] / lr)) < Math.Abs(Math.Log(result.LearningRates[best] / lr))) best = i;
        return result.Losses[best];
    }
}
