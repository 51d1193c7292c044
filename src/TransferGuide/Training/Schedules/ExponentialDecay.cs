namespace TransferGuide.Training.Schedules;

/// <summary>Exponential decay: <c>gamma^epoch</c> (torch ExponentialLR).</summary>
/// <param name="Gamma">Factor per epoch, e.g. 0.9.</param>
public sealed record ExponentialDecay(double Gamma) : LrSchedule
{
    /// <inheritdoc />
    public override ScheduleUnit Unit => ScheduleUnit.Epoch;

    /// <inheritdoc />
    public override double Multiplier(long t) => Math.Pow(Gamma, t);
}
