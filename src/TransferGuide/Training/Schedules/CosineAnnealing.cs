namespace TransferGuide.Training.Schedules;

/// <summary>
/// Cosine annealing over <paramref name="TotalSteps"/> optimiser steps:
/// <c>min + (1 - min)(1 + cos(π t / T)) / 2</c>, then <paramref name="MinFactor"/> after T.
/// </summary>
/// <param name="TotalSteps">Steps from the base rate down to the floor.</param>
/// <param name="MinFactor">Floor as a fraction of the base rate.</param>
public sealed record CosineAnnealing(long TotalSteps, double MinFactor = 0.0) : LrSchedule
{
    /// <inheritdoc />
    public override ScheduleUnit Unit => ScheduleUnit.Step;

    /// <inheritdoc />
    public override double Multiplier(long t)
    {
        if (t >= TotalSteps) return MinFactor;
        return MinFactor + (1 - MinFactor) * (1 + Math.Cos(Math.PI * t / TotalSteps)) / 2;
    }
}
