namespace TransferGuide.Training.Schedules;

/// <summary>
/// Factories that read like the course: <c>Schedules.Cosine(totalSteps)</c>, <c>Schedules.OneCycle(totalSteps)</c>.
/// Each returns a small record whose curve is a pure function of the step or epoch.
/// </summary>
public static class Schedules
{
    /// <summary>The base rate throughout.</summary>
    public static LrSchedule Constant() => new ConstantLr();
    /// <summary>Multiply by gamma every stepSize epochs.</summary>
    public static LrSchedule Step(int stepSize, double gamma = 0.1) => new StepDecay(stepSize, gamma);
    /// <summary>gamma^epoch.</summary>
    public static LrSchedule Exponential(double gamma) => new ExponentialDecay(gamma);
    /// <summary>Cosine annealing to minFactor over totalSteps.</summary>
    public static LrSchedule Cosine(long totalSteps, double minFactor = 0.0) => new CosineAnnealing(totalSteps, minFactor);
    /// <summary>Cosine with warm restarts (SGDR).</summary>
    public static LrSchedule CosineRestarts(long firstCycle, int cycleMult = 1, double minFactor = 0.0) => new CosineWarmRestarts(firstCycle, cycleMult, minFactor);
    /// <summary>Triangular cyclical rate.</summary>
    public static LrSchedule Cyclical(long halfCycle, double minFactor = 0.1) => new CyclicalTriangular(halfCycle, minFactor);
    /// <summary>One-cycle over totalSteps.</summary>
    public static LrSchedule OneCycle(long totalSteps, double pctStart = 0.25, double divFactor = 25, double finalDivFactor = 1e4) =>
        new OneCycle(totalSteps, pctStart, divFactor, finalDivFactor);
    /// <summary>Linear warm-up, then another schedule.</summary>
    public static LrSchedule Warmup(long warmupSteps, LrSchedule? then = null, long stepsPerEpoch = 1) => new LinearWarmup(warmupSteps, then, stepsPerEpoch);
}
