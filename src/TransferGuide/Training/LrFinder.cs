using TorchSharp;
using TransferGuide.Core;
using TransferGuide.Data;

using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>What the LR finder saw: the swept rates, the smoothed losses, and a suggestion.</summary>
/// <param name="LearningRates">Rates tried, one per step, rising exponentially.</param>
/// <param name="Losses">Exponentially smoothed, bias-corrected training loss at each rate.</param>
/// <param name="Suggested">Where the smoothed loss falls fastest (steepest negative slope), always one of the rates tried
/// and below the rate at the minimum (the rate just before it when nothing falls first; the first rate when the minimum is first).</param>
/// <param name="MinimumLoss">The rate at the lowest smoothed loss, divided by 10 (fastai's rule of thumb).</param>
public sealed record LrFinderResult(double[] LearningRates, double[] Losses, double Suggested, double MinimumLoss);

public sealed partial class Learner
{
    /// <summary>
    /// The learning-rate range test: trains the current trainable groups for up to <paramref name="steps"/> steps
    /// with the rate rising exponentially from <paramref name="start"/> to <paramref name="end"/>, stopping once the
    /// loss explodes, then puts every weight, BatchNorm statistic and the RNG back exactly as they were.
    /// </summary>
    public LrFinderResult FindLearningRate(double start = 1e-7, double end = 1, int steps = 60, double smoothing = 0.98)
    {
        var saved = Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        var rng = RngState();
        var rates = new List<double>(); var losses = new List<double>();
        try
        {
            var phase = new TrainingPhase("lr-finder", 1, TrainableFrom, 1.0);
            var (optimizer, _) = BuildOptimizer(phase);
            using var __ = optimizer;
            using var layout = _layout = ChannelsLastScope.For(Model, Options, Architecture);
            using var precision = MixedPrecisionStep.For(Options.Performance.Precision, Model, layout.Active, Options.Performance.RecomputesStem(Model.Device), layout.Fixes);
            var device = Model.Device;
            SetTrainMode();
            double avg = 0, best = double.PositiveInfinity;
            int step = 0;
            for (int epoch = 0; step < steps; epoch++)
            {
                var order = BatchOrder.Shuffled(_train.Count, Options.Seed + 7919, epoch);
                bool any = false;
                foreach (var batch in _train.Batches(order, Options.BatchSize, Options.Seed, epoch))
                {
                    if (step >= steps) break;
                    if (batch.Count == 0) continue;
                    any = true;
                    double lr = start * Math.Pow(end / start, (double)step / Math.Max(1, steps - 1));
                    foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var x = Layout(batch.Inputs.ToTensor().to(device));
                    var y = tensor(batch.Labels.Select(l => (long)l).ToArray()).to(device);
                    var (loss, _) = precision.ForwardBackward(x, y, Options.Regularization.LabelSmoothing, batch.Count, () => null);
                    precision.Step(optimizer);
                    double value = loss.item<float>();
                    step++;
                    avg = smoothing * avg + (1 - smoothing) * value;
                    double smoothed = avg / (1 - Math.Pow(smoothing, step));
                    rates.Add(lr); losses.Add(smoothed);
                    BatchProgress?.Report(new WorkProgress("lr finder", step, steps, 0));
                    best = Math.Min(best, smoothed);
                    if (!double.IsFinite(smoothed) || smoothed > 4 * best) { step = steps; break; }
                }
                if (!any) break;
            }
        }
        finally
        {
            _layout = null;
            using var _ = no_grad();
            foreach (var (name, value) in Model.state_dict()) value.copy_(saved[name]);
            foreach (var t in saved.Values) t.Dispose();
            using var state = torch.tensor(rng, dtype: ScalarType.Byte);
            torch.random.set_rng_state(state);
        }
        return Suggest(rates.ToArray(), losses.ToArray());
    }

    internal static LrFinderResult Suggest(double[] rates, double[] losses)
    {
        if (rates.Length < 3) return new LrFinderResult(rates, losses, rates.FirstOrDefault(1e-3), rates.FirstOrDefault(1e-3));
        int minAt = Array.IndexOf(losses, losses.Where(double.IsFinite).Min());
        // Strictly before the minimum: a centred slope at the minimum itself can be the steepest when the loss turns
        // up sharply after it, and a rate at the minimum is exactly the rate not to pick (full-mode week 6 met this).
        int steepest = -1;
        double bestSlope = double.PositiveInfinity;
        for (int i = 1; i < losses.Length - 1 && i < minAt; i++)
        {
            double slope = (losses[i + 1] - losses[i - 1]) / (Math.Log(rates[i + 1]) - Math.Log(rates[i - 1]));
            if (slope < bestSlope) { bestSlope = slope; steepest = i; }
        }
        // No falling part to measure (the minimum comes first or second): the last rate tried before the minimum,
        // so the suggestion is always one of the rates the finder tried.
        double suggested = steepest >= 0 && bestSlope < 0 ? rates[steepest] : rates[Math.Max(0, minAt - 1)];
        return new LrFinderResult(rates, losses, suggested, rates[minAt] / 10);
    }
}
