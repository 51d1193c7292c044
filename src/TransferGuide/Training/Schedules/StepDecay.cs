namespace TransferGuide.Training.Schedules;

/// <summary>Step decay: multiply by <paramref name="Gamma"/> every <paramref name="StepSize"/> epochs (torch StepLR).</summary>
/// <param name="StepSize">Epochs between drops.</param>
/// <param name="Gamma">Factor at each drop, e.g. 0.1.</param>
public sealed record StepDecay(int StepSize, double Gamma = 0.1) : LrSchedule
{
    /// <inheritdoc />
    public override ScheduleUnit Unit => ScheduleUnit.Epoch;

    /// <inheritdoc />
    public override double Multiplier(long t) => Math.Pow(Gamma, t / Math.Max(1, StepSize));
}
