using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Training;

namespace TransferGuide.Charts;

/// <summary>Comparisons of several runs: a bar per run, one held-out curve per run, or the overfitting gap per run.</summary>
public static class ResultsChart
{
    /// <summary>One bar per named value (e.g. held-out accuracy per setting), labelled with the value.</summary>
    public static GenericChart Bars(IEnumerable<(string Label, double Value)> results, string valueTitle = "held-out accuracy", string title = "Results")
    {
        var rows = results.ToList();
        return CsChart.Column<double, string, string>(rows.Select(r => r.Value), Keys: Opt.Seq(rows.Select(r => r.Label)),
                Name: valueTitle, MultiText: Opt.Seq(rows.Select(r => r.Value.ToString("G3"))))
            .Framed(title, "run", valueTitle, Math.Max(420, 110 * rows.Count + 160), 400);
    }

    /// <summary>Held-out accuracy per epoch, one line per named run.</summary>
    public static GenericChart HeldOutAccuracy(IEnumerable<(string Name, MetricsHistory History)> runs, string title = "Held-out accuracy per epoch") =>
        HeldOutEpochs(runs, e => e.ValidAccuracy!.Value).Framed(title, "epoch", "held-out accuracy", 760, 400);

    /// <summary>Training accuracy minus held-out accuracy of one epoch; null when the epoch has no held-out score.</summary>
    public static double? AccuracyGap(EpochMetrics epoch) => epoch.ValidAccuracy is { } held ? epoch.TrainAccuracy - held : null;

    /// <summary>
    /// The overfitting gap (training minus held-out accuracy) per epoch, one line per named run: a line that
    /// keeps climbing is a model memorising its training images.
    /// </summary>
    public static GenericChart GeneralisationGap(IEnumerable<(string Name, MetricsHistory History)> runs, string title = "Training minus held-out accuracy per epoch") =>
        HeldOutEpochs(runs, e => AccuracyGap(e)!.Value).Framed(title, "epoch", "train − held-out accuracy", 760, 400);

    /// <summary>One line per run over the epochs that have a held-out score.</summary>
    static GenericChart HeldOutEpochs(IEnumerable<(string Name, MetricsHistory History)> runs, Func<EpochMetrics, double> value) =>
        CsChart.Combine(runs.Select(r =>
        {
            var held = r.History.Epochs.Where(e => e.ValidAccuracy.HasValue).ToList();
            return CsChart.Line<int, double, string>(held.Select(e => e.Epoch), held.Select(value), Name: r.Name, ShowMarkers: true);
        }));
}
