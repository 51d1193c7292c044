namespace TransferGuide.Training.Schedules;

/// <summary>
/// Linear warm-up over the first <paramref name="WarmupSteps"/> steps (from <c>1/WarmupSteps</c> to 1),
/// then <paramref name="Then"/> (counted from the end of the warm-up; a per-epoch inner schedule sees
/// epochs, a per-step one sees steps).
/// </summary>
/// <param name="WarmupSteps">Steps of warm-up.</param>
/// <param name="Then">The schedule after warm-up (null for constant).</param>
/// <param name="StepsPerEpoch">For a per-epoch inner schedule: steps in one epoch.</param>
public sealed record LinearWarmup(long WarmupSteps, LrSchedule? Then = null, long StepsPerEpoch = 1) : LrSchedule
{
    /// <inheritdoc />
    public override ScheduleUnit Unit => ScheduleUnit.Step;

    /// <inheritdoc />
    public override double Multiplier(long t)
    {
        if (t < WarmupSteps) return (t + 1.0) / WarmupSteps;
        if (Then is null) return 1.0;
        long after = t - WarmupSteps;
        return Then.Unit == ScheduleUnit.Step ? Then.Multiplier(after) : Then.Multiplier(after / Math.Max(1, StepsPerEpoch));
    }
}
