using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Training;
using TransferGuide.Training.Schedules;

namespace TransferGuide.Charts;

/// <summary>Learning-rate schedules side by side, as curves of the rate over training steps.</summary>
public static class ScheduleChart
{
    /// <summary>
    /// The rate each schedule gives at every optimiser step of <paramref name="epochs"/> epochs of
    /// <paramref name="stepsPerEpoch"/> steps (an epoch-based schedule moves once per epoch).
    /// </summary>
    public static double[] Curve(LrSchedule schedule, double baseLr, int epochs, long stepsPerEpoch)
    {
        long total = epochs * stepsPerEpoch;
        var rates = new double[total];
        for (long s = 0; s < total; s++)
            rates[s] = schedule.LearningRate(baseLr, schedule.Unit == ScheduleUnit.Epoch ? s / stepsPerEpoch : s);
        return rates;
    }

    /// <summary>Draws the named schedules over the same steps.</summary>
    public static GenericChart Create(IEnumerable<(string Name, LrSchedule Schedule)> schedules, double baseLr, int epochs, long stepsPerEpoch,
        string title = "Learning-rate schedules")
    {
        var lines = schedules.Select(s =>
        {
            var rates = Curve(s.Schedule, baseLr, epochs, stepsPerEpoch);
            return CsChart.Line<long, double, string>(Enumerable.Range(0, rates.Length).Select(i => (long)i), rates, Name: s.Name, ShowMarkers: false);
        }).ToList();
        return CsChart.Combine(lines)
            .Framed(title, "optimiser step", "learning rate", 860, 420);
    }

    /// <summary>The rate actually used at each step of a run, from its history (what the learner really did).</summary>
    public static GenericChart FromHistories(IEnumerable<(string Name, MetricsHistory History)> runs, string title = "Learning rate per step")
    {
        var lines = runs.Select(r => CsChart.Line<long, double, string>(r.History.Steps.Select(s => s.Step), r.History.Steps.Select(s => s.LearningRate),
            Name: r.Name, ShowMarkers: false)).ToList();
        return CsChart.Combine(lines)
            .Framed(title, "optimiser step", "learning rate", 860, 420);
    }
}
