namespace TransferGuide.Training;

/// <summary>
/// Dynamic loss scaling for fp16 training: multiply the loss so small gradients survive fp16, skip a step
/// whose gradients overflowed and halve the scale, double it after a run of good steps.
/// </summary>
public sealed class LossScaler(double initialScale = 65536, int growthInterval = 200)
{
    int _goodSteps;

    /// <summary>The current scale.</summary>
    public double Scale { get; private set; } = initialScale;

    /// <summary>Records a step's outcome; returns whether the optimiser should step.</summary>
    public bool Update(bool gradientsFinite)
    {
        if (!gradientsFinite)
        {
            Scale = Math.Max(1, Scale / 2);
            _goodSteps = 0;
            return false;
        }
        if (++_goodSteps >= growthInterval) { Scale *= 2; _goodSteps = 0; }
        return true;
    }
}
