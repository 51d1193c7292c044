using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// Early stopping on the held-out loss (<see cref="LearnerOptions.EarlyStopping"/>): counts epochs without
/// improvement in the plan's <see cref="TrainingState"/> (so a resumed run counts on), asks the loop to stop after
/// <see cref="EarlyStopping.Patience"/> of them, and keeps a copy of the best weights to put back when it does.
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
            loop.State = state with { BestValidLoss = heldLoss, EpochsWithoutImprovement = 0 };
            if (es.RestoreBest) Keep(loop.Learner.Model);
        }
        else
        {
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
