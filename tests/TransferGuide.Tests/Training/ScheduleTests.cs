namespace TransferGuide.Tests.Training;

/// <summary>Each curve checked at known points against its formula.</summary>
public class ScheduleTests
{
    const double Tol = 1e-12;

    [Fact]
    public void Step_decay_drops_by_gamma_every_step_size_epochs()
    {
        var s = Schedules.Step(stepSize: 3, gamma: 0.1);
        Assert.Equal(ScheduleUnit.Epoch, s.Unit);
        Assert.Equal(1.0, s.Multiplier(0), Tol);
        Assert.Equal(1.0, s.Multiplier(2), Tol);
        Assert.Equal(0.1, s.Multiplier(3), Tol);
        Assert.Equal(0.01, s.Multiplier(6), Tol);
        Assert.Equal(0.5 * 0.01, s.LearningRate(0.5, 7), Tol);
    }

    [Fact]
    public void Exponential_decay_is_gamma_to_the_epoch()
    {
        var s = Schedules.Exponential(0.9);
        Assert.Equal(1.0, s.Multiplier(0), Tol);
        Assert.Equal(0.9, s.Multiplier(1), Tol);
        Assert.Equal(Math.Pow(0.9, 5), s.Multiplier(5), Tol);
    }

    [Fact]
    public void Cosine_starts_at_one_halves_midway_and_ends_at_the_floor()
    {
        var s = Schedules.Cosine(totalSteps: 100, minFactor: 0.1);
        Assert.Equal(ScheduleUnit.Step, s.Unit);
        Assert.Equal(1.0, s.Multiplier(0), Tol);
        Assert.Equal(0.1 + 0.9 * 0.5, s.Multiplier(50), Tol);
        Assert.Equal(0.1 + 0.9 * (1 + Math.Cos(Math.PI / 4)) / 2, s.Multiplier(25), Tol);
        Assert.Equal(0.1, s.Multiplier(100), Tol);
        Assert.Equal(0.1, s.Multiplier(1000), Tol);
    }

    [Fact]
    public void Warm_restarts_jump_back_to_one_at_each_cycle_and_cycles_grow()
    {
        var s = new CosineWarmRestarts(FirstCycle: 10, CycleMult: 2);
        Assert.Equal(1.0, s.Multiplier(0), Tol);
        Assert.Equal(0.5, s.Multiplier(5), Tol);
        Assert.Equal(1.0, s.Multiplier(10), Tol);   // restart; second cycle is 20 long
        Assert.Equal(0.5, s.Multiplier(20), Tol);
        Assert.Equal(1.0, s.Multiplier(30), Tol);   // third cycle starts at 10 + 20
        Assert.Equal((30, 40), s.CycleAt(35));
        Assert.True(s.Multiplier(9) < 0.03);
    }

    [Fact]
    public void Triangular_rises_and_falls_linearly()
    {
        var s = Schedules.Cyclical(halfCycle: 4, minFactor: 0.2);
        Assert.Equal(0.2, s.Multiplier(0), Tol);
        Assert.Equal(0.2 + 0.8 * 0.5, s.Multiplier(2), Tol);
        Assert.Equal(1.0, s.Multiplier(4), Tol);
        Assert.Equal(0.2 + 0.8 * 0.25, s.Multiplier(7), Tol);
        Assert.Equal(0.2, s.Multiplier(8), Tol);
        Assert.Equal(1.0, s.Multiplier(12), Tol);
    }

    [Fact]
    public void One_cycle_warms_up_to_the_peak_then_anneals_far_below_the_start()
    {
        var s = Schedules.OneCycle(totalSteps: 101, pctStart: 0.25, divFactor: 25, finalDivFactor: 1e4);
        Assert.Equal(1 / 25.0, s.Multiplier(0), Tol);
        long peak = (long)Math.Round(0.25 * 101) - 1; // 24, as torch OneCycleLR
        Assert.Equal(1.0, s.Multiplier(peak), Tol);
        Assert.Equal(1 / 25.0 / 1e4, s.Multiplier(100), Tol);
        Assert.Equal((1.0 + 1 / 25.0) / 2, s.Multiplier(peak / 2), 1e-9); // half way up is the cosine midpoint
        for (long t = peak; t < 100; t++) Assert.True(s.Multiplier(t + 1) <= s.Multiplier(t));
    }

    [Fact]
    public void Warmup_is_linear_then_hands_over()
    {
        var s = Schedules.Warmup(4, Schedules.Cosine(10));
        Assert.Equal(0.25, s.Multiplier(0), Tol);
        Assert.Equal(1.0, s.Multiplier(3), Tol);
        Assert.Equal(1.0, s.Multiplier(4), Tol);
        Assert.Equal(0.5, s.Multiplier(9), Tol);
        var perEpoch = Schedules.Warmup(2, Schedules.Step(1, 0.5), stepsPerEpoch: 10);
        Assert.Equal(1.0, perEpoch.Multiplier(11), Tol);
        Assert.Equal(0.5, perEpoch.Multiplier(12), Tol);
    }
}
