using TransferGuide.Training;

namespace TransferGuide.Evaluation;

/// <summary>One bin of a reliability diagram.</summary>
/// <param name="Lower">Lower edge (exclusive, except 0 for the first bin).</param>
/// <param name="Upper">Upper edge (inclusive).</param>
/// <param name="Count">Items whose confidence falls in the bin.</param>
/// <param name="MeanConfidence">Mean top probability of those items (0 when empty).</param>
/// <param name="Accuracy">Fraction of those items predicted correctly (0 when empty).</param>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// How far confidence is from being a probability: items are binned by their top predicted probability,
/// and each bin's accuracy is compared with its mean confidence. Expected calibration error (ECE) is
/// <c>Σ (n_b / N) · |accuracy_b − confidence_b|</c> over equal-width bins.
/// </summary>
/// <param name="Bins">Equal-width bins over [0, 1].</param>
/// <param name="ExpectedCalibrationError">ECE, 0 for a perfectly calibrated model.</param>
/// <param name="MaximumCalibrationError">The largest gap in a non-empty bin.</param>
public sealed record Calibration(IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError, double MaximumCalibrationError)
{
    /// <summary>Bins <paramref name="result"/>'s top probabilities into <paramref name="bins"/> equal-width bins.</summary>
    public static Calibration From(ClassificationResult result, int bins = 10)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), "Use at least one bin.");
        var count = new int[bins]; var confidence = new double[bins]; var correct = new int[bins];
        for (int i = 0; i < result.Count; i++)
        {
            double conf = result.Probability(i, result.Predicted[i]);
            // Bins are (lo, hi]; a confidence of exactly 0 joins the first bin.
            // The small slack keeps float noise (0.6f is 0.6000000238) from pushing an edge value into the next bin.
            int b = Math.Clamp((int)Math.Ceiling(conf * bins - 1e-6) - 1, 0, bins - 1);
            count[b]++; confidence[b] += conf;
            if (result.IsCorrect(i)) correct[b]++;
        }
        var list = new List<CalibrationBin>(bins);
        double ece = 0, mce = 0;
        for (int b = 0; b < bins; b++)
        {
            double meanConf = count[b] == 0 ? 0 : confidence[b] / count[b];
            double acc = count[b] == 0 ? 0 : (double)correct[b] / count[b];
            list.Add(new CalibrationBin((double)b / bins, (double)(b + 1) / bins, count[b], meanConf, acc));
            if (count[b] == 0) continue;
            double gap = Math.Abs(acc - meanConf);
            ece += gap * count[b] / result.Count;
            mce = Math.Max(mce, gap);
        }
        return new Calibration(list, ece, mce);
    }
}
