using TransferGuide.Augment;
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

/// <summary>What the BatchNorm layers of the layers that train do with their statistics.</summary>
public enum BatchNormMode
{
    /// <summary>
    /// <see cref="Frozen"/> for a network that starts from pretrained weights (<c>Learner.Create</c>), <see cref="Train"/>
    /// for one that starts from random weights, whose initial statistics mean nothing. A learner built directly from a
    /// model, whose weights it cannot know, trains them.
    /// </summary>
    Auto,
    /// <summary>
    /// Keep the pretrained running statistics (eval mode) while the scale and shift still learn, as Keras' transfer
    /// learning guide advises. On ants/bees, batch statistics of 32 images pulled the features away from the ones
    /// the head had learned on, and the first unfrozen epoch undid the head phase.
    /// </summary>
    Frozen,
    /// <summary>Normalise each batch by its own statistics and update the running ones (PyTorch's train mode).</summary>
    Train,
}

/// <summary>Early stopping on the held-out loss.</summary>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="MinDelta">Smallest decrease of the held-out loss that counts as improvement.</param>
/// <param name="RestoreBest">Put back the best epoch's weights when training stops early.</param>
public sealed record EarlyStopping(int Patience = 3, double MinDelta = 1e-4, bool RestoreBest = true);

/// <summary>
/// Every knob of the <see cref="Learner"/>, in small groups. The defaults are the robust ones the course recommends
/// for small data: AdamW, weight decay 0.01, label smoothing 0.1, crop-and-flip augmentation, batch 32. Change one
/// knob with <c>LearnerOptions.Default with { BatchSize = 16 }</c>, or one inside a group with
/// <c>options with { Optimizer = options.Optimizer with { WeightDecay = 0 } }</c>.
/// </summary>
public sealed record LearnerOptions
{
    /// <summary>The course's defaults (the same as <c>new LearnerOptions()</c>).</summary>
    public static LearnerOptions Default { get; } = new();

    /// <summary>Items per forward pass (micro-batch when accumulating).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Seeds initialisation, data order, augmentation and dropout.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Input side in pixels (images); null keeps the model's own (224). Smaller is faster on a CPU.</summary>
    public int? ImageSize { get; init; }
    /// <summary>Optimiser kind, momentum, weight decay and gradient accumulation.</summary>
    public OptimizerOptions Optimizer { get; init; } = new();
    /// <summary>Penalties and loss shaping: L1, label smoothing, class weights, balanced sampling.</summary>
    public RegularizationOptions Regularization { get; init; } = new();
    /// <summary>Training augmentation: the image transform list and batch mixing.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();
    /// <summary>Speed and memory: precision, memory layout, stem recomputation, data pipeline. Results do not depend on them beyond rounding.</summary>
    public PerformanceOptions Performance { get; init; } = new();
    /// <summary>
    /// BatchNorm while fine-tuning: keep the pretrained statistics (<see cref="BatchNormMode.Frozen"/>) or learn this
    /// data's (<see cref="BatchNormMode.Train"/>); <see cref="BatchNormMode.Auto"/> (the default) keeps them for
    /// pretrained weights. Frozen groups keep theirs either way.
    /// </summary>
    public BatchNormMode BatchNorm { get; init; }
    /// <summary>Stop when the held-out loss stops improving (null: never).</summary>
    public EarlyStopping? EarlyStopping { get; init; }
    /// <summary>Where to save after every epoch and on stop (null: no checkpoints).</summary>
    public string? CheckpointPath { get; init; }
    /// <summary>
    /// Train on the training and validation parts together, with no validation: the refit of the default recipe,
    /// once a first run has chosen the epoch count on validation (<c>TrainRecipe</c>). Checkpoints keep it, so a resumed
    /// refit trains on the same items.
    /// </summary>
    public bool Refit { get; init; }
}

/// <summary>How the weights are updated.</summary>
public sealed record OptimizerOptions
{
    /// <summary>Optimiser kind (AdamW by default).</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.AdamW;
    /// <summary>Momentum for SGD.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Weight decay (decoupled for AdamW, L2 for Adam and SGD).</summary>
    public double WeightDecay { get; init; } = 0.01;
    /// <summary>Micro-batches per optimiser step; effective batch = BatchSize × this.</summary>
    public int AccumulationSteps { get; init; } = 1;
}

/// <summary>What the loss adds or reweights to fight overfitting and imbalance.</summary>
public sealed record RegularizationOptions
{
    /// <summary>L1 penalty on trainable weights (0 for none).</summary>
    public double L1 { get; init; }
    /// <summary>Label smoothing of the cross-entropy.</summary>
    public double LabelSmoothing { get; init; } = 0.1;
    /// <summary>Weight the loss by class (<c>ClassBalance.Weights</c> of the training split), so rare classes count as much as common ones.</summary>
    public bool WeightedLoss { get; init; }
    /// <summary>Draw training items with replacement so every class is seen about equally often (for imbalanced data).</summary>
    public bool BalanceClasses { get; init; }
}

/// <summary>Which transform list augments training images.</summary>
public enum ImageAugmentation
{
    /// <summary>No augmentation: training images are prepared as held-out ones (resize and centre crop).</summary>
    None,
    /// <summary>Random resized crop and horizontal flip (<c>Transforms.Train</c>, the default).</summary>
    CropAndFlip,
    /// <summary>Adds rotation, shift, zoom, colour jitter, gray and erasing (<c>Transforms.Strong</c>), for very small data.</summary>
    Strong,
}

/// <summary>Training augmentation: how each training item is transformed, and how batches are mixed.</summary>
public sealed record AugmentationOptions
{
    /// <summary>The transform list of training images (see <see cref="ImageTransforms"/>).</summary>
    public ImageAugmentation Images { get; init; } = ImageAugmentation.CropAndFlip;
    /// <summary>MixUp or CutMix on every training batch, with soft labels (null: none).</summary>
    public BatchMixing? Mixing { get; init; }
    /// <summary>
    /// The smallest share of a training image's area the random resized crop keeps. Null (the default) chooses from
    /// the data (<see cref="Transforms.MinCropAreaFor"/>): 0.75 for small images whose object fills the frame, else
    /// 0.35 (torchvision's 0.08 is too harsh for a few hundred images).
    /// </summary>
    public double? MinCropArea { get; init; }

    /// <summary>The crop share used on images whose median shorter side is <paramref name="medianShorterSide"/> pixels.</summary>
    public double CropAreaFor(int? medianShorterSide) => MinCropArea ?? Transforms.MinCropAreaFor(medianShorterSide);

    /// <summary>The transform list <see cref="Images"/> stands for, for images prepared with <paramref name="preprocessing"/>.</summary>
    /// <param name="preprocessing">How the images are prepared.</param>
    /// <param name="medianShorterSide">The training images' median native shorter side in pixels (null: unknown), for <see cref="CropAreaFor"/>.</param>
    public IReadOnlyList<IImageTransform> ImageTransforms(Preprocessing preprocessing, int? medianShorterSide = null) => Images switch
    {
        ImageAugmentation.None => Transforms.Eval(preprocessing),
        ImageAugmentation.CropAndFlip => Transforms.Train(preprocessing, CropAreaFor(medianShorterSide)),
        ImageAugmentation.Strong => Transforms.Strong(preprocessing, CropAreaFor(medianShorterSide)),
        _ => throw new ArgumentOutOfRangeException(nameof(Images), Images, "unknown augmentation"),
    };
}

/// <summary>Speed and memory knobs: the same training, computed differently.</summary>
public sealed record PerformanceOptions
{
    /// <summary>fp32, bf16 or fp16 training.</summary>
    public Precision Precision { get; init; } = Precision.Float32;
    /// <summary>Train the convolutions in channels-last (NHWC) memory order: the same arithmetic, about 1.3x faster on a CPU. Null: on for CPU, off for CUDA.</summary>
    public bool? ChannelsLast { get; init; }
    /// <summary>
    /// Run the network's stem twice instead of keeping its activations for the backward pass (ResNets): same gradients,
    /// a training step at batch 32 and 224 px peaked 155 MB lower (1299 against 1454 MB) and ran about 7-10% slower.
    /// Null: on for a CPU, where the default fine-tune otherwise peaks over 1.5 GB of a laptop's memory, off for CUDA,
    /// where speed matters more (docs/performance.md).
    /// </summary>
    public bool? RecomputeStem { get; init; }
    /// <summary>Data-pipeline workers, prefetch depth and caches (null: the defaults).</summary>
    public PipelineOptions? Pipeline { get; init; }
    /// <summary>
    /// Sequence inputs ([N, L, ...], text): a batch of more than this many positions (N x L) runs forward and
    /// backward in parts and steps once, so long texts cost no more memory than short ones. The gradient is the
    /// whole batch's (the loss is summed over the parts); only dropout draws differ. For models without batch
    /// statistics (LayerNorm, not BatchNorm). Null: never split.
    /// </summary>
    public int? MaxTokensPerForward { get; init; }

    /// <summary>Whether training on <paramref name="device"/> uses channels-last (see <see cref="ChannelsLast"/>).</summary>
    public bool UsesChannelsLast(TorchSharp.torch.Device device) => ChannelsLast ?? device.type == TorchSharp.DeviceType.CPU;

    /// <summary>Whether training on <paramref name="device"/> recomputes the stem (see <see cref="RecomputeStem"/>).</summary>
    public bool RecomputesStem(TorchSharp.torch.Device device) => RecomputeStem ?? device.type == TorchSharp.DeviceType.CPU;
}

/// <summary>One stretch of training with one optimiser: which groups train, how fast, for how long.</summary>
/// <param name="Name">For people, e.g. "head" or "all layers".</param>
/// <param name="Epochs">Epochs in this phase.</param>
/// <param name="TrainableFrom">First layer group that trains (0 = stem, everything; 5 = head only).</param>
/// <param name="LearningRate">Base (peak) rate of the head; earlier groups get less (see <paramref name="LrSpread"/>).</param>
/// <param name="LrSpread">Ratio between the head's rate and the stem's (1 = the same rate everywhere); groups in between are spaced geometrically.</param>
/// <param name="Schedule">The schedule; null for one-cycle over the phase.</param>
public sealed record TrainingPhase(string Name, int Epochs, int TrainableFrom, double LearningRate, double LrSpread = 1.0, LrSchedule? Schedule = null);
