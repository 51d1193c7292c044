#:project ../src/TransferGuide/TransferGuide.csproj
// Week 7 · Regularisation: keeping a model from memorising a small dataset
//
// This week's one source, in two forms:
// - a program:  dotnet run month2/week07-regularisation.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week07-regularisation.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 7 · Regularisation: keeping a model from memorising a small dataset
//
// **Goal.** With 16 images per class, a network with about 16 million weights (week 3 counts them) can learn every training image by
// heart and still be poor on new ones: *overfitting*. Regularisation makes memorising harder. This week
// compares the main tools one at a time: dropout in the head, weight decay and L1, label smoothing,
// MixUp and CutMix, and early stopping.
//
// **The experiment.** Ants vs bees cut down to a few images per class (so that overfitting shows), the head and
// `layer4` trained at the same rate, same seed, no augmentation. First a run with *no* regularisation, then
// the same run with one tool switched on. We watch the gap between training and held-out accuracy.
//
// Run the cells in order, or the whole week as a program: `dotnet run month2/week07-regularisation.cs`. Set `TRANSFERGUIDE_QUICK=1`
// (before starting the kernel) for the short version CI runs.

// %%
var course = Course.Start("week07");
// Few images on purpose: overfitting shows fastest on tiny data, and the runs stay short.
var data = FewLabels.PerClass(course.Dataset("hymenoptera_data"), course.Pick(16, 4));
int epochs = course.Pick(6, 2);
double lr = 1e-3;
// Everything off: the defaults (weight decay 0.01, label smoothing 0.1, augmentation) already regularise.
// 160 px keeps seven full-mode runs affordable on a CPU; quick mode uses 112.
var plain = new LearnerOptions
{
    BatchSize = course.Pick(16, 4), ImageSize = 160,
    Optimizer = new() { WeightDecay = 0 },
    Regularization = new() { LabelSmoothing = 0 },
    Augmentation = new() { Images = ImageAugmentation.None },
};
var runs = new List<(string Name, MetricsHistory History)>();
MetricsHistory Train(string name, LearnerOptions options, double headDropout = 0)
{
    using var learner = course.Learner(data, options, headDropout);
    learner.Freeze();
    learner.UnfreezeTop(2);   // head and layer4: enough capacity to memorise a few dozen images
    Console.WriteLine($"-- {name}");
    var history = learner.Fit(epochs, lr: lr);
    runs.Add((name, history));
    return history;
}
Console.WriteLine($"{data.Items.Count} images ({string.Join(", ", data.Splits.Select(s => $"{data.Split(s).Count} {s}"))}); {epochs} epochs per run");

// %% [markdown]
// ## 1. No regularisation: the overfitting curves

// %%
var baseline = Train("no regularisation", plain);
course.Show(TrainingCurves.Create(baseline, "No regularisation: training vs held-out"));

// %% [markdown]
// **What the chart shows.** Training loss falls towards zero and training accuracy reaches 100%: the model
// has memorised its images. Held-out accuracy stops improving much earlier, and held-out loss may even rise
// again: from there on, extra epochs only fit the training set's accidents. (Quick mode runs two epochs: the
// shape starts to show, no more.)

// %%
// EXERCISE w07.gap: How far apart are training and held-out accuracy after the last epoch of the baseline? (baseline.Last has TrainAccuracy and ValidAccuracy.)
double gap = double.NaN;
// BEGIN SOLUTION
gap = baseline.Last!.TrainAccuracy - (baseline.Last.ValidAccuracy ?? 0);
// END SOLUTION
Console.WriteLine($"generalisation gap: {gap:P1}");

// %%
Exercise.Check("w07.gap", Math.Abs(gap - ResultsChart.AccuracyGap(baseline.Last!)!.Value) < 1e-9,
    "Subtract the held-out accuracy from the training accuracy of the same (last) epoch.", $"gap = {gap:P1}");

// %% [markdown]
// ## 2. Dropout, weight decay and L1, label smoothing
//
// - **Dropout** (`headDropout: 0.5`) zeroes half of the 512 features at random in every training step, so the
//   head cannot lean on any single one.
// - **Weight decay** shrinks every weight a little at every step (AdamW's decoupled form); **L1** pushes small
//   weights to exactly zero. Both prefer simple solutions.
// - **Label smoothing** (0.1) trains towards 95% / 5% instead of 100% / 0%: the model is never rewarded
//   for growing more and more certain.

// %%
Train("head dropout 0.5", plain, headDropout: 0.5);

// %%
Train("weight decay 0.1 + L1 1e-5", plain with { Optimizer = plain.Optimizer with { WeightDecay = 0.1 }, Regularization = plain.Regularization with { L1 = 1e-5 } });

// %%
Train("label smoothing 0.1", plain with { Regularization = plain.Regularization with { LabelSmoothing = 0.1 } });
course.Show(ResultsChart.GeneralisationGap(runs, "Training minus held-out accuracy: lower is less overfitting"));

// %% [markdown]
// ## 3. MixUp and CutMix
//
// Both blend *pairs* of training images and their labels. MixUp overlays two whole images (70% of one, 30%
// of the other, with labels 0.7 / 0.3); CutMix pastes a rectangle of one into the other, with labels in
// proportion to the areas. The model never sees the same clean image twice, so memorising stops paying.

// %%
Train("MixUp", plain with { Augmentation = plain.Augmentation with { Mixing = new BatchMixing(MixKind.MixUp, Alpha: 0.4) } });

// %%
// EXERCISE w07.cutmix: Make options like `plain` but with CutMix (alpha 1.0) on every batch.
LearnerOptions cutMixOptions = plain;
// BEGIN SOLUTION
cutMixOptions = plain with { Augmentation = plain.Augmentation with { Mixing = new BatchMixing(MixKind.CutMix, Alpha: 1.0) } };
// END SOLUTION

// %%
Exercise.Check("w07.cutmix", cutMixOptions.Augmentation.Mixing is { Kind: MixKind.CutMix } m && m.Probability > 0
    && cutMixOptions with { Augmentation = cutMixOptions.Augmentation with { Mixing = null } } == plain,
    "LearnerOptions.Augmentation.Mixing takes a BatchMixing(kind, alpha); change nothing else (`plain with { Augmentation = plain.Augmentation with { ... } }`).", "CutMix on, everything else as the baseline");
Train("CutMix", cutMixOptions);
course.Show(ResultsChart.HeldOutAccuracy(runs, "Held-out accuracy per epoch, by regulariser"));

// %% [markdown]
// ## 4. Early stopping
//
// The cheapest regulariser: watch the held-out loss and stop when it has not improved for `Patience` epochs,
// then put back the best epoch's weights. It needs a held-out set you do not also use to report the final
// score (that would be tuning on the test).

// %%
// EXERCISE w07.early: Make options like `plain` that stop after 2 epochs without held-out improvement and restore the best weights.
LearnerOptions earlyOptions = plain;
// BEGIN SOLUTION
earlyOptions = plain with { EarlyStopping = new EarlyStopping(Patience: 2, RestoreBest: true) };
// END SOLUTION

// %%
Exercise.Check("w07.early", earlyOptions.EarlyStopping is { Patience: 2, RestoreBest: true },
    "LearnerOptions.EarlyStopping takes an EarlyStopping record (see src/TransferGuide/Training/LearnerOptions.cs).", "patience 2, best weights restored");
var early = Train("early stopping (patience 2)", earlyOptions);
Console.WriteLine($"ran {early.Epochs.Count} of {epochs} epochs");

// %% [markdown]
// ## Compare

// %%
course.Show(ResultsChart.Bars(runs.Select(r => (r.Name, r.History.Epochs.Max(e => e.ValidAccuracy ?? 0))), title: "Best held-out accuracy per run"));

// %%
course.Show(ResultsChart.Bars(runs.Select(r => (r.Name, ResultsChart.AccuracyGap(r.History.Last!) ?? 0)), valueTitle: "train − held-out accuracy", title: "Overfitting gap after the last epoch"));

// %% [markdown]
// ## Early stopping as a rule
//
// Early stopping watches the held-out loss and gives up after `patience` epochs without a new best.

// %%
// EXERCISE w07.stop (3 points): Write StopEpoch(validLosses, patience): the 0-based epoch after which training stops, i.e. the first epoch that is the patience-th in a row without a loss below the best so far; the last epoch if that never happens.
int StopEpoch(double[] validLosses, int patience)
{
    // BEGIN SOLUTION
    double bestLoss = double.PositiveInfinity;
    int waited = 0;
    for (int e = 0; e < validLosses.Length; e++)
    {
        if (validLosses[e] < bestLoss) { bestLoss = validLosses[e]; waited = 0; }
        else if (++waited == patience) return e;
    }
    return validLosses.Length - 1;
    // END SOLUTION
}

// %%
Exercise.Check("w07.stop", () => StopEpoch([1.0, 0.8, 0.9, 0.85, 0.7], 2) == 3,
    "Count epochs since the last new best; stop at the epoch where that count reaches patience.");
// BEGIN HIDDEN TESTS
int ReferenceStop(double[] losses, int patience)
{
    double b = double.PositiveInfinity;
    int w = 0;
    for (int e = 0; e < losses.Length; e++)
    {
        if (losses[e] < b) { b = losses[e]; w = 0; }
        else if (++w == patience) return e;
    }
    return losses.Length - 1;
}
var stopRandom = new Random(707);
Exercise.Check("w07.stop", () =>
    StopEpoch([1.0, 0.9, 0.8], 1) == 2 && StopEpoch([1.0, 1.0, 1.0], 1) == 1 && StopEpoch([0.5, 0.6, 0.4, 0.7, 0.8, 0.9], 3) == 5
    && Enumerable.Range(0, 300).All(_ =>
    {
        var losses = Enumerable.Range(0, 1 + stopRandom.Next(30)).Select(j => Math.Round(stopRandom.NextDouble(), 1)).ToArray();
        int patience = 1 + stopRandom.Next(5);
        return StopEpoch(losses, patience) == ReferenceStop(losses, patience);
    }),
    "An equal loss is not an improvement; a run that never stalls ends at its last epoch.");
// END HIDDEN TESTS

// %% [markdown]
// **What the charts show.** In full mode (32 training images, six epochs, measured on a CPU) every run
// reaches 100% training accuracy, so the gap is set by held-out accuracy. Head dropout halves the held-out
// loss of the baseline and gains a few points; weight decay and L1 at this strength change little in six
// epochs; label smoothing, MixUp and CutMix *lose* held-out accuracy here: they make the training task
// harder, and six epochs on 32 images are too few for that to pay off (they are usually run for many more).
// A regulariser is not free: try it on your data and keep it only if held-out results say so. With 32
// held-out images, one image is three points, so small differences are noise: week 11's bootstrap intervals
// make that precise. In quick mode two epochs are too few for any of this to show.
//
// ## What to try
// - Switch augmentation on (`plain with { Augmentation = new() }`: crop and flip): it is a regulariser too, and usually the strongest.
// - Combine the winners (dropout + label smoothing + MixUp): do they add up, or does the model underfit?
// - Use the full dataset (drop `FewLabels.PerClass`): how much of the gap does more data close on its own?
