#:project ../src/TransferGuide/TransferGuide.csproj
// Week 9 · Learning-rate schedules side by side
//
// This week's one source, in two forms:
// - a program:  dotnet run month3/week09-lr-schedules.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week09-lr-schedules.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 9 · Learning-rate schedules side by side
//
// **Goal.** See what a schedule does to the learning rate, step by step, and what that does to training.
// Big steps early move fast; small steps late settle into a good minimum; a rate that rises again (restarts,
// cycles) can shake the model out of a poor one.
//
// **The experiment.** First the curves of the kit's schedules over the same run length. Then three short
// trainings of the same model that differ only in the schedule: constant, cosine annealing and one-cycle.
// The charts show the rate each run really used, and held-out accuracy per epoch.

// %%
var course = Course.Start("week09");
// Several learners train below, so quick mode keeps 8 images per class and split.
var data = course.Dataset("hymenoptera_data", quickImagesPerClass: 8);
int epochs = course.Pick(6, 2);
// Small batches give quick mode several steps per epoch, so the curves have a shape.
var options = new LearnerOptions { BatchSize = course.Pick(32, 8) };
var probe = course.Learner(data, options);
long stepsPerEpoch = probe.StepsPerEpoch;
Console.WriteLine($"{probe.Counts.Train} training images, batch {probe.Options.BatchSize}: {stepsPerEpoch} optimiser steps per epoch, {epochs} epochs");
probe.Dispose();

// %% [markdown]
// ## 1. The curves
//
// Every schedule in `Schedules` is a pure function from the step (or epoch) to a multiplier of the base rate,
// so it can be drawn before training anything. Hover over the lines to read values.

// %%
long total = epochs * stepsPerEpoch;
var curves = new (string, LrSchedule)[]
{
    ("constant", Schedules.Constant()),
    ("step decay (x0.1 every 2 epochs)", Schedules.Step(stepSize: 2, gamma: 0.1)),
    ("cosine annealing", Schedules.Cosine(total)),
    ("cosine with warm restarts", Schedules.CosineRestarts(firstCycle: Math.Max(1, total / 3))),
    ("cyclical (triangular)", Schedules.Cyclical(halfCycle: Math.Max(1, total / 4))),
    ("one-cycle", Schedules.OneCycle(total)),
};
course.Show(ScheduleChart.Create(curves, baseLr: 1e-3, epochs, stepsPerEpoch));

// %% [markdown]
// **What the chart shows.** Step decay moves once per epoch, in jumps. Cosine glides from the base rate to
// zero. Warm restarts jump back up at each cycle. The triangular cycle oscillates between a floor and the
// base. One-cycle warms up first (a cold start at full rate can wreck pretrained features), peaks, then
// anneals far below the start.

// %%
// EXERCISE w09.cosine-half: Without running anything, what multiplier does cosine annealing give exactly halfway through training? Write the number.
double cosineHalf = -1;
// BEGIN SOLUTION
cosineHalf = 0.5;
// END SOLUTION

// %%
Exercise.Check("w09.cosine-half", Math.Abs(cosineHalf - Schedules.Cosine(1000).Multiplier(500)) < 1e-6,
    "Cosine annealing is (1 + cos(pi * t / T)) / 2. What is cos(pi / 2)?", "halfway, the rate is half the base rate");

// %% [markdown]
// ## 2. Three short runs
//
// The same frozen ResNet18, the same data and seed; only the schedule changes. The head alone trains here
// (`Freeze()`), so each epoch is cheap.

// %%
var runs = new List<(string Name, MetricsHistory History)>();
foreach (var (name, schedule) in new (string, LrSchedule)[] { ("constant", Schedules.Constant()), ("cosine", Schedules.Cosine(total)), ("one-cycle", Schedules.OneCycle(total)) })
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    using var learner = course.Learner(data, options);
    learner.Freeze();
    Console.WriteLine($"-- {name} (learner ready in {clock.Elapsed.TotalSeconds:F1} s)");
    runs.Add((name, learner.Fit(epochs, lr: 3e-3, schedule: schedule)));
}
course.Show(ScheduleChart.FromHistories(runs, "The learning rate each run really used"));

// %%
course.Show(ResultsChart.HeldOutAccuracy(runs, "Held-out accuracy per epoch, by schedule"));

// %% [markdown]
// **What the charts show.** The first chart is read from the training history, not from the schedule objects:
// it is what the optimiser was given. With the head alone, all three reach similar accuracy; the differences
// grow when more layers train (week 5) and with more epochs. A constant rate often ends noisier, because it
// never takes the small steps at the end.

// %%
// EXERCISE w09.warmup: Build a schedule that warms up linearly over the first epoch and then follows cosine annealing for the remaining steps.
LrSchedule warmCosine = Schedules.Constant();
// BEGIN SOLUTION
warmCosine = Schedules.Warmup(stepsPerEpoch, Schedules.Cosine(total - stepsPerEpoch));
// END SOLUTION
course.Show(ScheduleChart.Create([("warm-up + cosine", warmCosine)], 1e-3, epochs, stepsPerEpoch, "Your schedule"));

// %%
Exercise.Check("w09.warmup",
    warmCosine.Multiplier(0) < warmCosine.Multiplier(stepsPerEpoch) && Math.Abs(warmCosine.Multiplier(stepsPerEpoch) - 1) < 0.05
        && warmCosine.Multiplier(total - 1) < warmCosine.Multiplier(stepsPerEpoch),
    "Start low, reach the base rate after stepsPerEpoch steps, and end near zero: Schedules.Warmup(steps, then: Schedules.Cosine(...)).",
    "low at the start, full after one epoch, falling towards zero at the end");

// %% [markdown]
// ## 3. A schedule as a plain function
//
// Every schedule above is a function from the step to a multiplier of the base rate. Writing one by hand
// shows there is nothing more to it.

// %%
// EXERCISE w09.schedule (3 points): Write WarmupCosine(step, total, warmup): for step < warmup, (step + 1) / warmup; after that 0.5 * (1 + cos(pi * (step - warmup) / (total - warmup))). Steps count from 0; total > warmup >= 1.
double WarmupCosine(int step, int total, int warmup)
{
    // BEGIN SOLUTION
    if (step < warmup) return (step + 1) / (double)warmup;
    return 0.5 * (1 + Math.Cos(Math.PI * (step - warmup) / (total - warmup)));
    // END SOLUTION
}

// %%
Exercise.Check("w09.schedule", () => Math.Abs(WarmupCosine(0, 10, 2) - 0.5) < 1e-9 && Math.Abs(WarmupCosine(2, 10, 2) - 1) < 1e-9,
    "Check the warm-up part first: step 0 of a 2-step warm-up gives 0.5; the cosine part starts at 1.");
// BEGIN HIDDEN TESTS
Exercise.Check("w09.schedule", () =>
    new[] { (100, 10), (7, 1), (1000, 250), (3, 2) }.All(c =>
        Enumerable.Range(0, c.Item1).All(s =>
            Math.Abs(WarmupCosine(s, c.Item1, c.Item2)
                - (s < c.Item2 ? (s + 1) / (double)c.Item2 : 0.5 * (1 + Math.Cos(Math.PI * (s - c.Item2) / (c.Item1 - c.Item2))))) < 1e-9)),
    "Checked at every step of several (total, warmup) pairs: mind integer division and where the cosine part starts.");
// END HIDDEN TESTS

// %% [markdown]
// ## What to try
// - Fine-tune more layers (`learner.UnfreezeTop(3)`) with each schedule: which one is the most stable?
// - Raise the base rate to 1e-2: which schedules survive it?
// - Compare `Schedules.CosineRestarts` with `cycleMult: 2` (cycles that get longer).
