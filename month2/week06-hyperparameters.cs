#:project ../src/TransferGuide/TransferGuide.csproj
// Week 6 · Hyperparameters: learning rate, batch size, optimiser
//
// This week's one source, in two forms:
// - a program:  dotnet run month2/week06-hyperparameters.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week06-hyperparameters.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 6 · Hyperparameters: learning rate, batch size, optimiser
//
// **Goal.** Choose the three knobs that matter most in transfer learning, with evidence instead of folklore.
// The learning rate first: too high wrecks pretrained weights, too low wastes epochs. The LR finder measures
// it in a few seconds. Then a small search over batch size and optimiser, shown as one chart.
//
// **The experiment.** The LR range test on a frozen ResNet18 (ants vs bees), then four short runs: batch
// size 8 or 32, AdamW or SGD with momentum, each at its own sensible rate.

// %%
var course = Course.Start("week06");
var data = course.Dataset("hymenoptera_data");
int epochs = course.Pick(3, 1);

// %% [markdown]
// ## 1. The learning-rate finder
//
// `FindLearningRate` trains for a few dozen steps while the rate rises exponentially, records the smoothed
// loss, and then puts every weight back exactly as it was. Read the chart from left to right: flat (too
// small to matter), falling (useful), then exploding (too large).

// %%
var finderLearner = course.Learner(data, new LearnerOptions { BatchSize = course.Pick(16, 8) });
finderLearner.Freeze();
var found = finderLearner.FindLearningRate(start: 1e-6, end: 1, steps: course.Pick(60, 24));
Console.WriteLine($"steepest descent at {found.Suggested:G2}, minimum loss / 10 at {found.MinimumLoss:G2}");
course.Show(LrFinderChart.Create(found, "LR finder: frozen ResNet18, head only"));

// %% [markdown]
// **What the chart shows.** The loss barely moves below about 1e-4, falls fastest somewhere around 1e-3 to
// 1e-2, and blows up past the minimum. The two marked points are the usual choices: the steepest descent, and
// a tenth of the rate at the minimum. Pick a rate on the falling slope, never at the minimum itself.

// %%
// EXERCISE w06.lr: Pick a learning rate for the head from the finder's result: on the falling part of the curve, below the rate at the minimum loss.
double chosenLr = 0;
// BEGIN SOLUTION
chosenLr = found.Suggested;
// END SOLUTION

// %%
double rateAtMinimum = found.MinimumLoss * 10;
Exercise.Check("w06.lr", chosenLr >= found.LearningRates[0] * 10 && chosenLr < rateAtMinimum,
    $"The loss is lowest at {rateAtMinimum:G2}; choose something smaller, where the curve is still falling (found.Suggested is one answer).",
    $"{chosenLr:G2} is on the falling slope");
finderLearner.Dispose();

// %% [markdown]
// ## 2. A small search: batch size x optimiser
//
// Each run trains the head for the same number of epochs. SGD needs a larger rate than AdamW for the same
// progress, so each optimiser gets its own.

// %%
var results = new List<(string Name, double Accuracy, double Seconds)>();
foreach (var batch in new[] { 8, 32 })
    foreach (var (optimizer, rate) in new[] { (OptimizerKind.AdamW, Math.Clamp(chosenLr, 1e-4, 1e-2)), (OptimizerKind.Sgd, 1e-2) })
    {
        var name = $"{optimizer}, batch {batch}";
        Console.WriteLine($"-- {name}, lr {rate:G2}");
        using var learner = course.Learner(data, new LearnerOptions { BatchSize = batch, Optimizer = new() { Kind = optimizer } });
        learner.Freeze();
        var history = learner.Fit(epochs, lr: rate);
        results.Add((name, history.Last?.ValidAccuracy ?? 0, history.Epochs.Sum(e => e.Seconds)));
    }
course.Show(ResultsChart.Bars(results.Select(r => (r.Name, r.Accuracy)), title: "Held-out accuracy by optimiser and batch size"));

// %%
course.Show(ResultsChart.Bars(results.Select(r => (r.Name, r.Seconds)), valueTitle: "seconds of training", title: "Training time by optimiser and batch size"));

// %% [markdown]
// **What the charts show.** With the head alone, every setting lands close: the frozen features do most of
// the work. Small batches take more optimiser steps per epoch (often better on tiny data, slower per image);
// SGD is more sensitive to its rate than AdamW. In full mode, read the differences against the noise: rerun
// with another `Seed` before believing a gap of a point or two.

// %%
// EXERCISE w06.best: Find the name of the best run in `results` (highest accuracy; on a tie, the faster one).
string best = "";
// BEGIN SOLUTION
best = results.OrderByDescending(r => r.Accuracy).ThenBy(r => r.Seconds).First().Name;
// END SOLUTION

// %%
var expected = results.OrderByDescending(r => r.Accuracy).ThenBy(r => r.Seconds).First();
Exercise.Check("w06.best", best == expected.Name,
    "Sort by accuracy (descending), then by seconds, and take the first name.", $"best: {best} ({expected.Accuracy:P1})");

// %% [markdown]
// ## 3. The suggestion rule, by hand
//
// The finder's "steepest descent" point is a small rule over the curve it recorded: where does the loss fall
// fastest from one rate to the next, before it reaches its minimum?

// %%
// EXERCISE w06.rule (3 points): Write SteepestRate: the rate rates[i], for i before the index of the lowest loss, where losses[i + 1] - losses[i] is most negative (the first such i on a tie); rates[0] when the lowest loss is the first.
double SteepestRate(double[] rates, double[] losses)
{
    // BEGIN SOLUTION
    int minimum = Array.IndexOf(losses, losses.Min());
    int best = 0;
    for (int i = 1; i < minimum; i++)
        if (losses[i + 1] - losses[i] < losses[best + 1] - losses[best]) best = i;
    return rates[best];
    // END SOLUTION
}

// %%
Exercise.Check("w06.rule", () => SteepestRate([1e-4, 1e-3, 1e-2, 1e-1, 1], [2.0, 1.9, 1.2, 0.8, 3.0]) == 1e-3,
    "Work out the drop from each rate to the next, and stop before the lowest loss.");
// BEGIN HIDDEN TESTS
double ReferenceSteepest(double[] rates, double[] losses)
{
    int minimum = Array.IndexOf(losses, losses.Min());
    int best = 0;
    for (int i = 1; i < minimum; i++)
        if (losses[i + 1] - losses[i] < losses[best + 1] - losses[best]) best = i;
    return rates[best];
}
var ruleRandom = new Random(606);
Exercise.Check("w06.rule", () =>
    SteepestRate([1e-3, 1e-2, 1e-1], [0.5, 0.9, 1.4]) == 1e-3
    && SteepestRate([1, 2, 3, 4, 5], [3.0, 2.0, 1.0, 0.5, 5.0]) == 1
    && SteepestRate([1, 2, 3, 4, 5, 6], [3.0, 2.9, 0.1, 2.0, 0.0, 9.0]) == 2
    && Enumerable.Range(0, 200).All(_ =>
    {
        int n = 3 + ruleRandom.Next(40);
        var rates = Enumerable.Range(0, n).Select(i => 1e-6 * Math.Pow(10, 6.0 * i / n)).ToArray();
        var losses = Enumerable.Range(0, n).Select(j => Math.Round(ruleRandom.NextDouble() * 3, 2)).ToArray();
        return SteepestRate(rates, losses) == ReferenceSteepest(rates, losses);
    }),
    "Curves that only rise, ties, and noisy curves: stop before the first lowest loss and take the first steepest drop.");
// END HIDDEN TESTS

// %% [markdown]
// ## What to try
// - Rerun the finder with the top two groups unfrozen (`learner.UnfreezeTop(2)`): the useful range moves lower.
// - Add `OptimizerKind.SgdNesterov` and `OptimizerKind.Adam` to the search.
// - Repeat the search with two seeds (`new LearnerOptions { Seed = 1 }`) and chart the spread.
