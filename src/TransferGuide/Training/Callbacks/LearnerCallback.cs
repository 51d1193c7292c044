using static TorchSharp.torch;

// Callbacks share the Training namespace: they use the Learner's types and the Learner builds them, and a
// Training.Callbacks namespace would make the namespace cycle that the architecture test forbids.
namespace TransferGuide.Training;

/// <summary>
/// One concern of the training loop, in fastai's manner: the loop raises events in a fixed order and each callback
/// acts on those it cares about. Per batch: <see cref="BeforeBatch"/>, <see cref="Penalty"/> (inside the loss),
/// <see cref="AfterLoss"/>, then <see cref="AfterStep"/> when the optimiser stepped, and <see cref="AfterBatch"/>.
/// Per epoch, after validation: <see cref="AfterEpoch"/>, then <see cref="AfterStopEarly"/> when a callback asked to
/// stop. <see cref="Cancelled"/> comes when the caller cancels between optimiser steps.
/// </summary>
internal abstract class LearnerCallback
{
    /// <summary>The batch is loaded; its inputs and targets may still be replaced (mixing).</summary>
    public virtual void BeforeBatch(LoopContext loop) { }

    /// <summary>A term added to the loss before the backward pass (null: none). Called inside the batch's DisposeScope.</summary>
    public virtual Tensor? Penalty(LoopContext loop) => null;

    /// <summary>The batch's loss is known (<see cref="LoopContext.LossValue"/>); the optimiser has not stepped.</summary>
    public virtual void AfterLoss(LoopContext loop) { }

    /// <summary>An accumulation group ended: the optimiser stepped (unless fp16 gradients overflowed).</summary>
    public virtual void AfterStep(LoopContext loop) { }

    /// <summary>The batch is done (<see cref="LoopContext.BatchIndex"/> counts it already).</summary>
    public virtual void AfterBatch(LoopContext loop) { }

    /// <summary>The epoch is done and validated (<see cref="LoopContext.Metrics"/>).</summary>
    public virtual void AfterEpoch(LoopContext loop) { }

    /// <summary>After every <see cref="AfterEpoch"/>, when a callback set <see cref="LoopContext.StopRequested"/>.</summary>
    public virtual void AfterStopEarly(LoopContext loop) { }

    /// <summary>The caller cancelled; <see cref="LoopContext.State"/> holds the position and partial sums. Training stops after this.</summary>
    public virtual void Cancelled(LoopContext loop) { }
}
