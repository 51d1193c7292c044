using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Evaluation;

namespace TransferGuide.Charts;

/// <summary>
/// A reliability diagram: per confidence bin, the accuracy (bars) against the mean confidence (points);
/// a calibrated model's bars reach the diagonal. The title carries the expected calibration error.
/// </summary>
public static class ReliabilityChart
{
    /// <summary>Draws <paramref name="calibration"/>.</summary>
    public static GenericChart Create(Calibration calibration, string title = "Reliability diagram")
    {
        var filled = calibration.Bins.Where(b => b.Count > 0).ToList();
        var centres = filled.Select(b => (b.Lower + b.Upper) / 2).ToList();
        var bars = CsChart.Column<double, double, string>(filled.Select(b => b.Accuracy), centres, Name: "accuracy in bin",
            MultiText: filled.Select(b => $"{b.Count} item(s)").ToList());
        var conf = CsChart.Point<double, double, string>(centres, filled.Select(b => b.MeanConfidence), Name: "mean confidence in bin");
        var diagonal = CsChart.Line<double, double, string>([0.0, 1.0], [0.0, 1.0], Name: "perfect calibration", ShowMarkers: false,
            LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromHex("#999999"));
        return CsChart.Combine([bars, conf, diagonal])
            .WithXAxisStyle<double, double, string>(TitleText: "confidence (top probability)", MinMax: new Tuple<double, double>(0, 1))
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy", MinMax: new Tuple<double, double>(0, 1))
            .WithTitle($"{title} (ECE {calibration.ExpectedCalibrationError:F3})")
            .WithSize(520, 460);
    }
}
