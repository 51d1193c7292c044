using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.TraceObjects;
using TransferGuide.FewShot;

namespace TransferGuide.Charts;

/// <summary>Few-shot results as grouped bars: one group per K, one bar per method, the 95% interval as an error bar.</summary>
public static class FewShotChart
{
    /// <summary>Draws <paramref name="result"/>'s mean accuracies (percent) with their intervals.</summary>
    public static GenericChart Create(FewShotResult result, string? title = null)
    {
        var groups = result.Shots.Select(k => $"{k}-shot").ToList();
        var traces = result.Methods.Select(method =>
        {
            var scores = result.Shots.Select(k => result.Score(method, k)!).ToList();
            // The F# signature's optional arguments must all be passed from C#; null is F#'s None.
            var error = Error.init<double, double>(FSharpOption<bool>.Some(true), FSharpOption<StyleParam.ErrorType>.Some(StyleParam.ErrorType.Data),
                FSharpOption<bool>.Some(true), FSharpOption<IEnumerable<double>>.Some(scores.Select(s => s.Accuracy.HalfWidth * 100).ToList()),
                null, null, null, null, null, null, null, null, null, null, null);
            var bars = CsChart.Column<double, string, string>(scores.Select(s => s.Accuracy.Mean * 100), groups, Name: method,
                MultiText: scores.Select(s => $"{s.Accuracy.Mean * 100:F1}").ToList());
            return Plotly.NET.Chart.withYError(error).Invoke(bars);
        });
        return CsChart.Combine(traces)
            .WithYAxisStyle<double, double, string>(TitleText: "query accuracy (%)", MinMax: new Tuple<double, double>(0, 100))
            .WithXAxisStyle<double, double, string>(TitleText: "support images per class")
            .WithTitle(title ?? $"{result.Ways}-way accuracy on unseen classes ({result.Episodes} episodes, 95% intervals)")
            .WithSize(Math.Max(520, 200 * result.Shots.Count + 200), 420);
    }
}
