using TorchSharp;
using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// Early stopping on the validation loss (<see cref="LearnerOptions.EarlyStopping"/>): counts epochs without
/// improvement in the plan's <see cref="TrainingState"/> (so a resumed run counts on), asks the loop to stop after
/// <see cref="EarlyStopping.Patience"/> of them, and keeps a copy of the best weights to put back when it does, or
/// when the plan ends on a worse epoch than its best. Earlier phases can hold the best epoch, but only the last
/// phase's epochs count towards the patience. The copy travels in each checkpoint whose own weights are not the best
/// epoch's (<see cref="Section"/>), so a resumed run puts back the same weights an unbroken one does.
/// </summary>
internal sealed class EarlyStoppingCallback : LearnerCallback, IDisposable
{
    Dictionary<string, Tensor>? _best;
    int _bestEpoch;

    /// <summary>The checkpoint section that holds the best weights.</summary>
    public const string SectionName = "best";

    /// <inheritdoc />
    public override void AfterEpoch(LoopContext loop)
    {
        if (loop.Options.EarlyStopping is not { } es || loop.Metrics?.ValidLoss is not { } heldLoss) return;
        var state = loop.State;
        if (heldLoss < state.BestValidLoss - es.MinDelta)
        {
            loop.State = state with { BestValidLoss = heldLoss, EpochsWithoutImprovement = 0, BestEpoch = loop.Metrics.Epoch };
            if (es.RestoreBest) Keep(loop.Learner.Model, loop.Metrics.Epoch);
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
    /// At the end of a plan: puts back the best epoch's weights when that epoch is not the last one and a copy is held
    /// (kept in this process, or restored on resume by <see cref="Restore"/>). Returns whether the weights changed.
    /// </summary>
    public bool PutBackBest(Learner learner, TrainingState state)
    {
        if (learner.Options.EarlyStopping is not { RestoreBest: true } || _best == null || state.BestEpoch == 0 || state.BestEpoch == learner.Epoch)
            return false;
        using var _ = no_grad();
        foreach (var (name, value) in learner.Model.state_dict()) value.copy_(_best[name]);
        return true;
    }

    void Keep(nn.Module model, int epoch)
    {
        Dispose();
        using var _ = no_grad();
        _best = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        _bestEpoch = epoch;
    }

    /// <summary>
    /// The section that writes the best weights into a checkpoint taken at <paramref name="state"/> after
    /// <paramref name="epoch"/> epochs, or null when the checkpoint's own weights are the best epoch's (or there is no
    /// best yet). Without it, a run stopped after its best epoch and resumed kept its last epoch's weights.
    /// </summary>
    public (string Name, Action<BinaryWriter> Write)? Section(int epoch, TrainingState state)
    {
        if (_best == null || (_bestEpoch == epoch && state.BatchInEpoch == 0)) return null;
        var best = _best;
        int bestEpoch = _bestEpoch;
        Action<BinaryWriter> write = w =>
        {
            w.Write(bestEpoch);
            w.Write(best.Count);
            foreach (var (name, value) in best)
            {
                w.Write(name);
                // Channels-last copies are written in the standard layout: the format stores logical order.
                using var plain = value.contiguous();
                plain.Save(w);
            }
        };
        return (SectionName, write);
    }

    /// <summary>
    /// On resume: takes the best weights from the checkpoint's <see cref="SectionName"/> section, or the checkpoint's
    /// own weights when they are the best epoch's (a checkpoint taken right after it, or the <paramref name="finished"/>
    /// plan's, which the loop rewrites with the best weights put back). A checkpoint from an older kit may hold neither:
    /// then <see cref="Holds"/> says so at the plan's end.
    /// </summary>
    public void Restore(byte[]? section, bool finished, Learner learner, TrainingState state)
    {
        if (learner.Options.EarlyStopping is not { RestoreBest: true } || state.BestEpoch == 0) return;
        if (section != null)
        {
            using var reader = new BinaryReader(new MemoryStream(section));
            int epoch = reader.ReadInt32(), count = reader.ReadInt32();
            var model = learner.Model.state_dict();
            var loaded = new Dictionary<string, Tensor>(count);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                var value = Tensor.Load(reader).DetachFromDisposeScope();
                loaded[name] = value;
                if (!model.TryGetValue(name, out var like) || !value.shape.SequenceEqual(like.shape) || value.dtype != like.dtype)
                {
                    foreach (var l in loaded.Values) l.Dispose();
                    throw new CheckpointException($"its best-epoch weights do not fit the model ({name}).");
                }
            }
            if (epoch == state.BestEpoch)
            {
                Dispose();
                (_best, _bestEpoch) = (loaded, epoch);
                return;
            }
            foreach (var t in loaded.Values) t.Dispose();
        }
        if (finished || (state.BestEpoch == learner.Epoch && state.BatchInEpoch == 0)) Keep(learner.Model, state.BestEpoch);
    }

    /// <summary>Whether the copy held is <paramref name="epoch"/>'s weights.</summary>
    public bool Holds(int epoch) => _best != null && _bestEpoch == epoch;

    /// <summary>Frees the copy of the best weights.</summary>
    public void Dispose()
    {
        if (_best != null) foreach (var t in _best.Values) t.Dispose();
        _best = null;
    }
}
