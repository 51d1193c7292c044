using static TorchSharp.torch;

namespace TransferGuide.Data;

/// <summary>One batch from an <see cref="IBatchSource"/>: the inputs, and for each item its label and id.</summary>
/// <param name="Inputs">The model's input for the whole batch (its first dimension is the item).</param>
/// <param name="Indices">Each item's index in its source.</param>
/// <param name="Labels">Each item's class index.</param>
/// <param name="Ids">Each item's name in results (a file path for images).</param>
public sealed record Batch(BatchInputs Inputs, int[] Indices, int[] Labels, string[] Ids)
{
    /// <summary>Items in the batch (0 when every item failed to load).</summary>
    public int Count => Indices.Length;
}

/// <summary>
/// A batch's inputs as plain arrays plus a shape. The tensor is made only when the step needs it, inside the step's
/// DisposeScope, so batches prepared ahead on worker threads hold no native memory.
/// </summary>
/// <param name="Shape">Dimensions, the item first (images: N × 3 × S × S).</param>
public abstract record BatchInputs(long[] Shape)
{
    /// <summary>The inputs as a CPU tensor of <see cref="Shape"/>.</summary>
    public abstract Tensor ToTensor();
}

/// <summary>Real-valued inputs: normalised pixels, spectrogram frames, features.</summary>
/// <param name="Values">Values in row-major order.</param>
/// <param name="Shape">Dimensions, the item first.</param>
public sealed record FloatInputs(float[] Values, long[] Shape) : BatchInputs(Shape)
{
    /// <inheritdoc />
    public override Tensor ToTensor() => tensor(Values, Shape);
}

/// <summary>Integer inputs, such as token ids (N × sequence length).</summary>
/// <param name="Values">Values in row-major order.</param>
/// <param name="Shape">Dimensions, the item first.</param>
public sealed record TokenInputs(long[] Values, long[] Shape) : BatchInputs(Shape)
{
    /// <inheritdoc />
    public override Tensor ToTensor() => tensor(Values, Shape);
}
