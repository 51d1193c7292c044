using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// Early stopping on the validation loss (<see cref="LearnerOptions.EarlyStopping"/>): counts epochs without
/// improvement in the plan's <see cref="TrainingState"/> (so a resumed run counts on), asks the loop to stop after
/// <see cref="EarlyStopping.Patience"/> of them, and keeps a copy of the best weights to put back when it does, or
/// when the plan ends on a worse epoch than its best. Earlier phases can hold the best epoch, but only the last
/// phase's epochs count towards the patience.
/// </summary>
internal sealed class EarlyStoppingCallback : LearnerCallback, IDisposable
{
    Dictionary<string, Tensor>? _best;

    /// <inheritdoc />
    public override void AfterEpoch(LoopContext loop)
    {
        if (loop.Options.EarlyStopping is not { } es || loop.Metrics?.ValidLoss is not { } heldLoss) return;
        var state = loop.State;
        if (heldLoss < state.BestValidLoss - es.MinDelta)
        {
            loop.State = state with { BestValidLoss = heldLoss, EpochsWithoutImprovement = 0, BestEpoch = loop.Metrics.Epoch };
            if (es.RestoreBest) Keep(loop.Learner.Model);
        }
        else if (state.PhaseIndex == state.Plan.Count - 1)
        {
            // Only the last phase counts towards patience: the head phase of a fine-tune ends on a tiny rate, where a
            // flat validation loss means the head has learned what it can, not that training should stop.
            loop.State = state with { EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
            if (loop.State.EpochsWithoutImprovement >= es.Patience) loop.StopRequested = true;
        }
    }

    /// <inheritdoc />
    public override void AfterStopEarly(LoopContext loop)
    {
        if (loop.Options.EarlyStopping is not { RestoreBest: true } || _best == null) return;
        using var _ = no_grad();
        foreach (var (name, value) in loop.Learner.Model.state_dict()) value.copy_(_best[name]);
    }

    /// <summary>
    /// At the end of a plan: puts back the best epoch's weights when that epoch is not the last one (and this process
    /// saw it). Returns whether the weights changed.
    /// </summary>
    public bool PutBackBest(Learner learner, TrainingState state)
    {
        if (learner.Options.EarlyStopping is not { RestoreBest: true } || _best == null || state.BestEpoch == 0 || state.BestEpoch == learner.Epoch)
            return false;
        using var _ = no_grad();
        foreach (var (name, value) in learner.Model.state_dict()) value.copy_(_best[name]);
        return true;
    }

    void Keep(nn.Module model)
    {
        Dispose();
        using var _ = no_grad();
        _best = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
    }

    /// <summary>Frees the copy of the best weights.</summary>
    public void Dispose()
    {
        if (_best != null) foreach (var t in _best.Values) t.Dispose();
        _best = null;
    }
}
