using TorchSharp;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Models.Numerics;

using static TorchSharp.torch;

namespace TransferGuide.Training;

public sealed partial class Learner
{
    /// <summary>The batch in the layout the weights have now (channels-last inside a training phase).</summary>
    Tensor Layout(Tensor x) => _layout?.Input(x) ?? x;

    (double? Loss, double? Accuracy) Validate()
    {
        if (_valid.Count == 0) return (null, null);
        var (probs, labels, _, loss) = Predict(_valid);
        int k = Classes.Count, right = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
            if (best == labels[i]) right++;
        }
        return (loss, labels.Length == 0 ? 0 : (double)right / labels.Length);
    }

    /// <summary>Softmax probabilities (items × classes), labels, item ids and the mean cross-entropy of <paramref name="source"/>, in item order.</summary>
    (float[] Probabilities, int[] Labels, string[] Ids, double Loss) Predict(IBatchSource source)
    {
        Model.eval();
        var device = Model.Device;
        // Outside a training phase the model is plain NCHW: guard that path too (inside, the phase's path holds).
        // Models outside the zoo have no probed path; they run as they are.
        using var numerics = _layout == null && device.type == DeviceType.CPU && ModelZoo.Available.Any(s => s.Id == Architecture)
            ? NumericsGuard.Apply(NumericsGuard.InferencePath(Architecture), Model) : null;
        var probs = new List<float>(); var labels = new List<int>(); var ids = new List<string>();
        double lossSum = 0;
        int batches = (source.Count + Options.BatchSize - 1) / Options.BatchSize, done = 0;
        foreach (var batch in source.Batches(BatchOrder.Sequential(source.Count), Options.BatchSize, 0, 0))
        {
            BatchProgress?.Report(new WorkProgress("validate", ++done, batches, 0));
            if (batch.Count == 0) continue;
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = Layout(batch.Inputs.ToTensor().to(device));
            var logits = Model.call(x);
            lossSum += nn.functional.cross_entropy(logits, tensor(batch.Labels.Select(l => (long)l).ToArray()).to(device), reduction: nn.Reduction.Sum).item<float>();
            probs.AddRange(logits.softmax(1).cpu().contiguous().data<float>().ToArray());
            labels.AddRange(batch.Labels);
            ids.AddRange(batch.Ids);
        }
        return (probs.ToArray(), labels.ToArray(), ids.ToArray(), labels.Count == 0 ? 0 : lossSum / labels.Count);
    }
}
