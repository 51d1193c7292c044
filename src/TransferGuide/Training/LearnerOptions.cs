using TransferGuide.Data;
using TransferGuide.Training.Schedules;

namespace TransferGuide.Training;

/// <summary>Which optimiser the learner builds.</summary>
public enum OptimizerKind
{
    /// <summary>AdamW: Adam with decoupled weight decay (the default).</summary>
    AdamW,
    /// <summary>Adam with L2 weight decay in the gradient.</summary>
    Adam,
    /// <summary>SGD with momentum.</summary>
    Sgd,
    /// <summary>SGD with Nesterov momentum.</summary>
    SgdNesterov,
}

/// <summary>Numeric precision of the training step.</summary>
public enum Precision
{
    /// <summary>fp32 throughout (default).</summary>
    Float32,
    /// <summary>bf16 forward and backward with fp32 master weights (CPU with AVX512-BF16, or CUDA).</summary>
    BFloat16,
    /// <summary>fp16 with dynamic loss scaling and fp32 master weights (CUDA).</summary>
    Float16,
}

/// <summary>Early stopping on the held-out loss.</summary>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="MinDelta">Smallest decrease of the held-out loss that counts as improvement.</param>
/// <param name="RestoreBest">Put back the best epoch's weights when training ends.</param>
public sealed record EarlyStopping(int Patience = 3, double MinDelta = 1e-4, bool RestoreBest = true);

/// <summary>
/// Every knob of the <see cref="Learner"/>. The defaults are the robust ones the course recommends for
/// small data: AdamW, weight decay 0.01, label smoothing 0.1, batch 32.
/// </summary>
/// <param name="BatchSize">Images per forward pass (micro-batch when accumulating).</param>
/// <param name="AccumulationSteps">Micro-batches per optimiser step; effective batch = BatchSize × this.</param>
/// <param name="Optimizer">Optimiser kind.</param>
/// <param name="Momentum">Momentum for SGD.</param>
/// <param name="WeightDecay">Weight decay (decoupled for AdamW, L2 for Adam and SGD).</param>
/// <param name="L1">L1 penalty on trainable weights (0 for none).</param>
/// <param name="LabelSmoothing">Label smoothing of the cross-entropy.</param>
/// <param name="Precision">fp32, bf16 or fp16 training.</param>
/// <param name="Seed">Seeds initialisation, data order, augmentation and dropout.</param>
/// <param name="EarlyStopping">Stop when the held-out loss stops improving (null: never).</param>
/// <param name="CheckpointPath">Where to save after every epoch and on stop (null: no checkpoints).</param>
/// <param name="Augment">Random crops and flips while training.</param>
/// <param name="ImageSize">Input side in pixels; null keeps the model's own (224). Smaller is faster on a CPU.</param>
/// <param name="Mixing">MixUp or CutMix on every training batch, with soft labels (null: none).</param>
/// <param name="BalanceClasses">Draw training items with replacement so every class is seen about equally often (for imbalanced data).</param>
/// <param name="Pipeline">Data-pipeline workers, prefetch depth and caches (null: the defaults).</param>
/// <param name="StrongAugment">With <paramref name="Augment"/>, use <c>Transforms.Strong</c> (rotation, shift, zoom, colour jitter, gray, erasing) instead of crop and flip alone.</param>
/// <param name="WeightedLoss">Weight the loss by class (<c>ClassBalance.Weights</c> of the training split), so rare classes count as much as common ones.</param>
/// <param name="RecomputeStem">Run the network's stem twice instead of keeping its activations for the backward pass (ResNets): same gradients, a training step at batch 32 and 224 px peaked 155 MB lower (1299 against 1454 MB) and ran about 10% slower, so it is off by default.</param>
/// <param name="ChannelsLast">Train the convolutions in channels-last (NHWC) memory order: the same arithmetic, about 1.3x faster on a CPU. Null: on for CPU, off for CUDA.</param>
public sealed record LearnerOptions(
    int BatchSize = 32,
    int AccumulationSteps = 1,
    OptimizerKind Optimizer = OptimizerKind.AdamW,
    double Momentum = 0.9,
    double WeightDecay = 0.01,
    double L1 = 0.0,
    double LabelSmoothing = 0.1,
    Precision Precision = Precision.Float32,
    int Seed = 42,
    EarlyStopping? EarlyStopping = null,
    string? CheckpointPath = null,
    bool Augment = true,
    int? ImageSize = null,
    Augment.BatchMixing? Mixing = null,
    bool BalanceClasses = false,
    PipelineOptions? Pipeline = null,
    bool WeightedLoss = false,
    bool StrongAugment = false,
    bool? ChannelsLast = null,
    bool RecomputeStem = false)
{
    /// <summary>Whether training on <paramref name="device"/> uses channels-last (see <see cref="ChannelsLast"/>).</summary>
    public bool UsesChannelsLast(TorchSharp.torch.Device device) => ChannelsLast ?? device.type == TorchSharp.DeviceType.CPU;
}

/// <summary>One stretch of training with one optimiser: which groups train, how fast, for how long.</summary>
/// <param name="Name">For people, e.g. "head" or "all layers".</param>
/// <param name="Epochs">Epochs in this phase.</param>
/// <param name="TrainableFrom">First layer group that trains (0 = stem, everything; 5 = head only).</param>
/// <param name="LearningRate">Base (peak) rate of the head; earlier groups get less (see <paramref name="LrSpread"/>).</param>
/// <param name="LrSpread">Ratio between the head's rate and the stem's (1 = the same rate everywhere); groups in between are spaced geometrically.</param>
/// <param name="Schedule">The schedule; null for one-cycle over the phase.</param>
public sealed record TrainingPhase(string Name, int Epochs, int TrainableFrom, double LearningRate, double LrSpread = 1.0, LrSchedule? Schedule = null);
