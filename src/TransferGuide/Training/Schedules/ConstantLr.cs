namespace TransferGuide.Training.Schedules;

/// <summary>The base learning rate throughout.</summary>
public sealed record ConstantLr : LrSchedule
{
    /// <inheritdoc />
    public override ScheduleUnit Unit => ScheduleUnit.Epoch;

    /// <inheritdoc />
    public override double Multiplier(long t) => 1.0;
}
