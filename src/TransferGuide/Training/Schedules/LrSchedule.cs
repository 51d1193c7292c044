using System.Text.Json.Serialization;

namespace TransferGuide.Training.Schedules;

/// <summary>Whether a schedule moves once per optimiser step (batch) or once per epoch.</summary>
public enum ScheduleUnit
{
    /// <summary>t counts optimiser steps.</summary>
    Step,
    /// <summary>t counts completed epochs.</summary>
    Epoch,
}

/// <summary>
/// A learning-rate schedule: a multiplier of each parameter group's base learning rate as a function of
/// t (steps or epochs, see <see cref="Unit"/>). Schedules are pure functions of t, so resuming a run needs
/// no schedule state beyond the step count.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ConstantLr), "constant")]
[JsonDerivedType(typeof(StepDecay), "step")]
[JsonDerivedType(typeof(ExponentialDecay), "exponential")]
[JsonDerivedType(typeof(CosineAnnealing), "cosine")]
[JsonDerivedType(typeof(CosineWarmRestarts), "cosine_restarts")]
[JsonDerivedType(typeof(CyclicalTriangular), "cyclical")]
[JsonDerivedType(typeof(OneCycle), "one_cycle")]
[JsonDerivedType(typeof(LinearWarmup), "warmup")]
public abstract record LrSchedule
{
    /// <summary>What t counts.</summary>
    public abstract ScheduleUnit Unit { get; }

    /// <summary>The multiplier at t (0-based).</summary>
    public abstract double Multiplier(long t);

    /// <summary>The learning rate at t for a base rate.</summary>
    public double LearningRate(double baseLr, long t) => baseLr * Multiplier(t);
}
