using Optim = TransferGuide.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Training.Schedules;

using static TorchSharp.torch;

namespace TransferGuide.Training;

public sealed partial class Learner
{
    (OptimizerHelper Optimizer, double[] BaseLrs) BuildOptimizer(TrainingPhase phase)
    {
        var groups = Model.LayerGroups();
        var lrs = new List<double>();
        var sets = new List<IEnumerable<Parameter>>();
        for (int g = phase.TrainableFrom; g < groups.Count; g++)
        {
            // Geometric spacing from head (rate) down to stem (rate / spread).
            double lr = phase.LearningRate / Math.Pow(phase.LrSpread, (double)(groups.Count - 1 - g) / (groups.Count - 1));
            lrs.Add(lr);
            sets.Add(groups[g].Modules.SelectMany(m => m.parameters()).ToList());
        }
        var o = Options.Optimizer;
        double wd = o.WeightDecay;
        OptimizerHelper optimizer = o.Kind switch
        {
            OptimizerKind.AdamW => new Optim.AdamW(sets.Select((s, i) => new AdamW.ParamGroup(s, lrs[i], 0.9, 0.999, 1e-8, wd, false, false))),
            OptimizerKind.Adam => new Optim.Adam(sets.Select((s, i) => new Adam.ParamGroup(s, lrs[i], 0.9, 0.999, 1e-8, wd, false, false))),
            OptimizerKind.Sgd => new Optim.SGD(sets.Select((s, i) => new SGD.ParamGroup(s, lrs[i], o.Momentum, 0, wd, false, false)), lrs[0]),
            OptimizerKind.SgdNesterov => new Optim.SGD(sets.Select((s, i) => new SGD.ParamGroup(s, lrs[i], o.Momentum, 0, wd, true, false)), lrs[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(phase), o.Kind, "unknown optimiser"),
        };
        return (optimizer, lrs.ToArray());
    }

    /// <summary>Each group's rate for the coming optimiser step: its base rate times the schedule's multiplier.</summary>
    void SetLearningRates(PhaseContext phase)
    {
        long t = phase.Schedule.Unit == ScheduleUnit.Step ? Step - phase.PhaseStartStep : Epoch - phase.PhaseStartEpoch;
        double m = phase.Schedule.Multiplier(t);
        int g = 0;
        foreach (var group in phase.Optimizer.ParamGroups) group.LearningRate = phase.BaseLrs[g++] * m;
    }

    /// <summary>
    /// Train mode for trainable groups; frozen groups (BatchNorm included) stay in eval mode, and so does every
    /// BatchNorm layer when <see cref="LearnerOptions.BatchNorm"/> keeps the pretrained statistics.
    /// </summary>
    void SetTrainMode()
    {
        Model.train();
        var groups = Model.LayerGroups();
        for (int g = 0; g < TrainableFrom; g++)
            foreach (var m in groups[g].Modules) m.eval();
        if (Options.BatchNorm == BatchNormMode.Frozen)
            foreach (var m in Model.modules())
                if (m is TorchSharp.Modules.BatchNorm2d) m.eval();
    }
}
