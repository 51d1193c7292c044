#:project ../src/TransferGuide/TransferGuide.csproj
// Week 11 · Evaluation: beyond one accuracy number
//
// This week's one source, in two forms:
// - a program:  dotnet run month3/week11-evaluation.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week11-evaluation.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 11 · Evaluation: beyond one accuracy number
//
// **Goal.** Learn to read a trained model's results the way a reviewer would: per-class metrics with
// confidence intervals, ROC and precision-recall curves, the confusion matrix, calibration (do its
// probabilities mean what they say?), the images it gets most wrong, where it looks (Grad-CAM), and whether
// it works equally well for different groups of images.
//
// **The experiment.** We train week 4's model (a linear head on frozen ResNet18 features, ants vs bees) in a
// few seconds, then hand it to `EvaluationReport.Evaluate`, the same call behind `tg evaluate`. Each section
// below draws one part of what it computed.
//
// Run the cells in order, or the whole week as a program: `dotnet run month3/week11-evaluation.cs`. Set `TRANSFERGUIDE_QUICK=1`
// (before starting the kernel) for the short version CI runs.

// %%
var course = Course.Start("week11");
var data = course.Dataset("hymenoptera_data");
var splits = Learner.SplitFor(data, seed: 42);
Console.WriteLine($"{data.Name}: {splits.Describe()}");

// %% [markdown]
// ## 1. A model to evaluate
//
// Week 4's recipe: cached features, a linear head. The header records what evaluation needs to know
// (architecture, classes, preprocessing).

// %%
var spec = ModelZoo.Spec(ModelZoo.ResNet18ImageNet);
var model = (ResNet)ModelZoo.Create(spec.Id, data.Classes.Count); // the offline ImageNet weights are a ResNet (Grad-CAM reads its layers)
var cache = FeatureCache.Default();
var trainFeatures = FeatureExtractor.Extract(model, Quickstart.WeightsId(spec), spec.Preprocessing, splits.Train, data.Report, cache, "train", progress: course.Progress.Work);
// The head is watched on validation; the test images are read once, by the evaluation below.
var validFeatures = FeatureExtractor.Extract(model, Quickstart.WeightsId(spec), spec.Preprocessing, splits.Valid, data.Report, cache, splits.ValidName, progress: course.Progress.Work);
var history = HeadTrainer.Train(model, trainFeatures, validFeatures, new HeadOptions(Epochs: course.Pick(40, 20), LearningRate: 3e-3));
var header = new CheckpointHeader { Architecture = spec.Id, Classes = data.Classes, Preprocessing = spec.Preprocessing,
    Recipe = "feature-extraction", Dataset = data.Name, Epoch = history.Epochs.Count, History = history };
Console.WriteLine(ProgressLine.Format(history.Last!));

// %% [markdown]
// ## 2. Evaluate
//
// `Evaluate` predicts every held-out image once, then computes everything from those predictions. Quick mode
// draws fewer bootstrap resamples and smaller galleries.

// %%
var evalOptions = new EvaluationOptions(BootstrapResamples: course.Pick(1000, 200), GradCamImages: course.Pick(8, 4),
    TopLosses: course.Pick(12, 6), CompareLayers: course.Quick.Enabled ? Array.Empty<string>() : null);
var outcome = EvaluationReport.Evaluate(model, header, data, "week 11 head", evalOptions, log: Console.WriteLine);
var result = outcome.Predictions.Result;
var summary = outcome.Summary;
Console.WriteLine($"accuracy {summary.Bootstrap.Accuracy}, macro F1 {summary.Bootstrap.MacroF1}, balanced accuracy {summary.BalancedAccuracy:P1}");
course.Show(PerClassChart.Create(summary.Report, "Held-out recall, precision and F1 per class"));

// %% [markdown]
// **What the chart shows.** Recall (of the real ants, how many did it call ants?), precision (of what it
// called ants, how many were?) and their harmonic mean F1, per class. The bootstrap interval above is how much
// accuracy would move on another sample of the same size: with 153 images it is about 7 points wide, and
// with quick mode's 32 wider still. Two models whose intervals overlap that much are not shown to differ.

// %%
// EXERCISE w11.f1: Compute the F1 score of the first class from its precision and recall (summary.Report.PerClass[0]).
double f1 = 0;
var first = summary.Report.PerClass[0];
// BEGIN SOLUTION
f1 = first.Precision + first.Recall == 0 ? 0 : 2 * first.Precision * first.Recall / (first.Precision + first.Recall);
// END SOLUTION
Console.WriteLine($"F1 of {first.Class}: {f1:F3}");

// %%
Exercise.Check("w11.f1", Math.Abs(f1 - first.F1) < 1e-9,
    "F1 is the harmonic mean of precision and recall, not their average.", $"F1 = {f1:F3}");

// %% [markdown]
// ## 3. ROC and precision-recall curves
//
// Accuracy uses one threshold (the most probable class). The curves sweep every threshold: ROC plots the
// true-positive rate against the false-positive rate (area 1.0 is perfect, 0.5 is guessing); precision-recall
// is the more honest view when the positive class is rare.

// %%
Console.WriteLine($"macro ROC AUC {summary.RocAuc:F3}, macro average precision {summary.AveragePrecision:F3}");
course.Show(RocChart.Create(RocCurve.PerClass(result), "Held-out ROC curves (one class against the rest)"));

// %%
course.Show(PrecisionRecallChart.Create(PrecisionRecallCurve.PerClass(result), "Held-out precision-recall curves"));

// %% [markdown]
// ## 4. Confusion matrix and calibration
//
// The confusion matrix says which classes are mistaken for which. The reliability diagram bins images by the
// model's confidence and compares each bin's confidence with its accuracy: bars on the diagonal mean the
// probabilities can be trusted; bars below it mean the model is over-confident.

// %%
course.Show(ConfusionMatrixChart.Create(result.ConfusionMatrix(), data.Classes, "Held-out confusion matrix"));

// %%
Console.WriteLine($"expected calibration error {summary.Calibration.ExpectedCalibrationError:F3}, maximum {summary.Calibration.MaximumCalibrationError:F3}");
course.Show(ReliabilityChart.Create(summary.Calibration, "Reliability: confidence vs accuracy"));

// %%
// EXERCISE w11.ece: Compute the expected calibration error from the bins (summary.Calibration.Bins): the count-weighted mean of |accuracy - mean confidence|.
double ece = 0;
var bins = summary.Calibration.Bins;
// BEGIN SOLUTION
ece = bins.Sum(b => b.Count * Math.Abs(b.Accuracy - b.MeanConfidence)) / bins.Sum(b => b.Count);
// END SOLUTION
Console.WriteLine($"ECE = {ece:F4}");

// %%
Exercise.Check("w11.ece", Math.Abs(ece - summary.Calibration.ExpectedCalibrationError) < 1e-9,
    "Weight each bin's gap by how many images it holds, and divide by the number of images; empty bins add nothing.", $"ECE = {ece:F4}");

// %% [markdown]
// ## 5. Top losses and Grad-CAM
//
// The images with the highest loss are where to look first: mislabelled files, odd crops, and the hard cases
// the model has not learned. Grad-CAM then shows which part of the image drove the prediction (red: most
// evidence), for the worst mistakes and the most confident right answers.

// %%
foreach (var pair in summary.MostConfused) Console.WriteLine($"{pair.TrueClass} taken for {pair.PredictedClass}: {pair.Count} ({pair.FractionOfClass:P0} of the class)");
course.Show(ImageGalleryChart.Create(outcome.TopLossImages, columns: 3, title: "Highest-loss held-out images", tile: 180));

// %%
course.Show(ImageGalleryChart.Create(outcome.GradCamImages, columns: 4, title: "Grad-CAM: where the evidence for the prediction is", tile: 180));

// %% [markdown]
// **What to look for.** A good model's evidence lies on the insect. Evidence on flowers, leaves or the
// background means the model may have learned the setting rather than the animal: it will then fail on bees
// photographed somewhere unusual. The map below places every held-out image by its 512 features (first two
// principal components): well separated colours mean the features alone separate the classes.

// %%
course.Show(EmbeddingChart.Create(outcome.Pca.Points, result.Labels, data.Classes,
    $"PCA of the held-out features ({outcome.Pca.ExplainedVarianceRatio.Take(2).Sum():P0} of the variance)",
    hover: result.Paths.Select(Path.GetFileName).ToList()!, axisNames: ("PC 1", "PC 2")));

// %% [markdown]
// ## 6. Per-group metrics (fairness)
//
// A model can be good on average and poor for one group. Real groups come from metadata (a CSV of item,group
// given to `tg evaluate --groups`). Ants vs bees has none, so we use a stand-in that needs no metadata: the
// photo's orientation. The same code serves for camera, site, or patient group.

// %%
var groupOfItem = result.Paths.Select(p => { var info = SixLabors.ImageSharp.Image.Identify(p); return info.Width >= info.Height ? "landscape" : "portrait"; }).ToList();
var groups = GroupMetrics.Compute(result, groupOfItem);
Console.WriteLine(groups.Summary());
course.Show(GroupMetricsChart.Create(groups, data.Classes, "Held-out metrics by photo orientation"));

// %%
// EXERCISE w11.gap: Find the largest difference in accuracy between any two groups (groups.Groups, each with Report.Accuracy).
double accuracyGap = -1;
// BEGIN SOLUTION
accuracyGap = groups.Groups.Max(g => g.Report.Accuracy) - groups.Groups.Min(g => g.Report.Accuracy);
// END SOLUTION
Console.WriteLine($"accuracy gap between groups: {accuracyGap:P1}");

// %%
var accuracies = groups.Groups.Select(g => g.Report.Accuracy).ToList();
Exercise.Check("w11.gap", Math.Abs(accuracyGap - (accuracies.Max() - accuracies.Min())) < 1e-9,
    "Compare the best group's accuracy with the worst group's.", $"gap = {accuracyGap:P1}");

// %% [markdown]
// **Reading the gap.** Look at each group's size before believing a gap: with a dozen images in a group, a
// gap of 10 points is one or two images. The summary warns when a group is that small.
//
// ## Groups that matter: a voice never heard
//
// Spoken digits have a real group in every file name: the speaker (`7_theo_12.wav`). fsdd's test split holds
// other recordings of the six speakers the model trained on, so its accuracy says how well the model knows
// *these* voices. Holding one speaker out of training, and testing on all of their clips, says what a new voice
// costs. `tg train --dataset fsdd --holdout-speaker all` runs every speaker in turn and reports the mean
// (docs/audio.md has the measured table). Here one fold, with the frozen features of week 4 to keep it short.

// %%
var heldOut = "theo";
var seen = course.TrainAudio(new AudioTrainOptions(Recipe: "extract"));
var unseen = course.TrainAudio(new AudioTrainOptions(Recipe: "extract", HoldoutSpeaker: heldOut));
var bySpeaker = seen.BySpeaker();
course.Show(bySpeaker);
course.Show(ResultsChart.Bars(bySpeaker.Select(b => ($"{b.Speaker} (heard)", b.Accuracy)).Append(($"{heldOut} (never heard)", unseen.Metrics.Accuracy)),
    valueTitle: "accuracy", title: "Spoken digits by speaker: voices heard in training against one held out"));

// %% [markdown]
// **What the bars show.** The first bars are the same model on each speaker's test clips; the last is a model
// that never heard that speaker. A gap between the held-out bar and the same speaker's heard bar is the price of a
// new voice: the domain shift week 12 works on.
//
// ## 7. The whole report as one file
//
// `tg evaluate` writes all of the above as `report.html`, `metrics.json` and `misclassified.csv`.

// %%
var reportFolder = course.RunFolder;
EvaluationReport.Write(outcome, reportFolder);
Console.WriteLine($"wrote {Path.Combine(reportFolder, "report.html")}");

// %% [markdown]
// ## Macro F1 by hand
//
// Accuracy hides a class the model ignores; macro F1 does not, because every class counts the same. It comes
// straight from the confusion matrix.

// %%
// EXERCISE w11.macro-f1 (3 points): Write MacroF1(confusion): rows are true classes, columns predictions. For each class F1 = 2TP / (2TP + FP + FN), 0 when that denominator is 0; return the mean over classes.
double MacroF1(int[,] confusion)
{
    // BEGIN SOLUTION
    int k = confusion.GetLength(0);
    double sum = 0;
    for (int c = 0; c < k; c++)
    {
        int tp = confusion[c, c], fp = 0, fn = 0;
        for (int o = 0; o < k; o++)
        {
            if (o == c) continue;
            fp += confusion[o, c];
            fn += confusion[c, o];
        }
        sum += 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
    }
    return sum / k;
    // END SOLUTION
}

// %%
Exercise.Check("w11.macro-f1", () => Math.Abs(MacroF1(new[,] { { 8, 2 }, { 1, 9 } }) - (16.0 / 19 + 18.0 / 21) / 2) < 1e-9,
    "Per class: TP on the diagonal, FP down its column, FN along its row.");
// BEGIN HIDDEN TESTS
double ReferenceMacroF1(int[,] m)
{
    int k = m.GetLength(0);
    return Enumerable.Range(0, k).Average(c =>
    {
        int tp = m[c, c];
        int fp = Enumerable.Range(0, k).Where(o => o != c).Sum(o => m[o, c]);
        int fn = Enumerable.Range(0, k).Where(o => o != c).Sum(o => m[c, o]);
        return 2 * tp + fp + fn == 0 ? 0.0 : 2.0 * tp / (2 * tp + fp + fn);
    });
}
var f1Random = new Random(1111);
Exercise.Check("w11.macro-f1", () =>
    Math.Abs(MacroF1(new[,] { { 5, 0, 0 }, { 0, 0, 0 }, { 0, 0, 5 } }) - 2.0 / 3) < 1e-9
    && Math.Abs(MacroF1(new[,] { { 0, 4 }, { 0, 6 } }) - (0 + 12.0 / 16) / 2) < 1e-9
    && Enumerable.Range(0, 100).All(_ =>
    {
        int k = 2 + f1Random.Next(9);
        var m = new int[k, k];
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++) m[r, c] = f1Random.Next(4) == 0 ? 0 : f1Random.Next(50);
        return Math.Abs(MacroF1(m) - ReferenceMacroF1(m)) < 1e-9;
    }),
    "More classes, an empty class (F1 0), a class never predicted: FP runs down the column, FN along the row.");
// END HIDDEN TESTS

// %% [markdown]
// ## What to try
// - Evaluate a fine-tuned model from week 5 (`EvaluationReport.Run(checkpointPath, data, folder)`): is it
//   better calibrated than the head alone, or only more accurate?
// - Train the head for 200 epochs and look at the reliability diagram again: over-trained models grow over-confident.
// - Run `tg evaluate` on `oxford_flowers17`: which pairs of flowers does the confusion matrix mix up, and does
//   Grad-CAM show why?
