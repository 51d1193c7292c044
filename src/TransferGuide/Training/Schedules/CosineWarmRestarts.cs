namespace TransferGuide.Training.Schedules;

/// <summary>
/// SGDR: cosine annealing restarted every cycle; cycle i lasts <c>FirstCycle × CycleMult^i</c> steps
/// (torch CosineAnnealingWarmRestarts).
/// </summary>
/// <param name="FirstCycle">Steps in the first cycle.</param>
/// <param name="CycleMult">Growth of each next cycle (1 keeps them equal).</param>
/// <param name="MinFactor">Floor as a fraction of the base rate.</param>
public sealed record CosineWarmRestarts(long FirstCycle, int CycleMult = 1, double MinFactor = 0.0) : LrSchedule
{
    /// <inheritdoc />
    public override ScheduleUnit Unit => ScheduleUnit.Step;

    /// <summary>Where t falls: the cycle's start and length.</summary>
    public (long Start, long Length) CycleAt(long t)
    {
        long start = 0, length = Math.Max(1, FirstCycle);
        while (t >= start + length) { start += length; length *= Math.Max(1, CycleMult); }
        return (start, length);
    }

    /// <inheritdoc />
    public override double Multiplier(long t)
    {
        var (start, length) = CycleAt(t);
        return MinFactor + (1 - MinFactor) * (1 + Math.Cos(Math.PI * (t - start) / length)) / 2;
    }
}
