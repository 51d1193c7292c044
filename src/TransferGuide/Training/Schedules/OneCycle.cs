namespace TransferGuide.Training.Schedules;

/// <summary>
/// One-cycle (Smith; as torch OneCycleLR with cosine annealing): from <c>1/DivFactor</c> up to 1 over the
/// first <paramref name="PctStart"/> of the steps, then down to <c>1/(DivFactor × FinalDivFactor)</c>.
/// Big steps early, fine steps late.
/// </summary>
/// <param name="TotalSteps">Steps in the whole cycle.</param>
/// <param name="PctStart">Share of steps spent rising.</param>
/// <param name="DivFactor">Start rate = base / DivFactor.</param>
/// <param name="FinalDivFactor">End rate = start rate / FinalDivFactor.</param>
public sealed record OneCycle(long TotalSteps, double PctStart = 0.25, double DivFactor = 25, double FinalDivFactor = 1e4) : LrSchedule
{
    /// <inheritdoc />
    public override ScheduleUnit Unit => ScheduleUnit.Step;

    /// <inheritdoc />
    public override double Multiplier(long t)
    {
        double start = 1 / DivFactor, end = start / FinalDivFactor;
        double up = Math.Max(1, Math.Round(PctStart * TotalSteps) - 1);
        double down = Math.Max(1, TotalSteps - 1 - up);
        if (t <= up) return Cos(start, 1, t / up);
        return Cos(1, end, Math.Min(1, (t - up) / down));
    }

    static double Cos(double from, double to, double pct) => to + (from - to) / 2 * (1 + Math.Cos(Math.PI * pct));
}
