using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Data;

namespace TransferGuide.Training;

/// <summary>
/// MixUp or CutMix (<see cref="AugmentationOptions.Mixing"/>) on every training batch: blends the inputs before the
/// forward pass and trains on the blended soft targets. Mixing needs image-shaped inputs (N × 3 × S × S).
/// </summary>
internal sealed class MixingCallback : LearnerCallback
{
    /// <inheritdoc />
    public override void BeforeBatch(LoopContext loop)
    {
        if (loop.Options.Augmentation.Mixing is not { } mixing) return;
        if (loop.Inputs is not FloatInputs { Shape: [_, 3, var height, var width] } inputs || height != width)
            throw new NotSupportedException(
                $"MixUp and CutMix mix square 3-channel images (N x 3 x S x S); this batch is {loop.Inputs?.GetType().Name} of shape " +
                $"[{string.Join(", ", loop.Inputs?.Shape ?? [])}]. Set Augmentation.Mixing to null for these inputs.");
        // Seeded by (seed, epoch, batch) like everything else, so a resumed run mixes the same way.
        var random = new Random(Reproducibility.Mix(loop.Options.Seed, loop.Learner.Epoch, loop.BatchIndex, 0x313));
        var mixed = BatchMix.Apply(mixing, inputs.Values, loop.Batch!.Labels, loop.Learner.Classes.Count, (int)height, random);
        loop.Inputs = inputs with { Values = mixed.Pixels };
        loop.SoftTargets = mixed.Targets;
    }
}
