namespace TransferGuide.Training.Schedules;

/// <summary>
/// Cyclical learning rate, triangular policy (Smith 2017): rises linearly from <paramref name="MinFactor"/>
/// to 1 over <paramref name="HalfCycle"/> steps, falls back over the next, and repeats.
/// </summary>
/// <param name="HalfCycle">Steps from bottom to top.</param>
/// <param name="MinFactor">Bottom as a fraction of the base (top) rate.</param>
public sealed record CyclicalTriangular(long HalfCycle, double MinFactor = 0.1) : LrSchedule
{
    /// <inheritdoc />
    public override ScheduleUnit Unit => ScheduleUnit.Step;

    /// <inheritdoc />
    public override double Multiplier(long t)
    {
        long h = Math.Max(1, HalfCycle);
        double x = Math.Abs((double)(t % (2 * h)) / h - 1); // 1 at the bottom, 0 at the top
        return MinFactor + (1 - MinFactor) * (1 - x);
    }
}
