#:project ../src/TransferGuide/TransferGuide.csproj
// Week 1 · The problem and the data
//
// This week's one source, in two forms:
// - a program:  dotnet run month1/week01-problem-and-data.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week01-problem-and-data.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 1 · The problem and the data
//
// **Goal.** Before any model: what are we predicting, from what, and how will we know it works? Then a first
// look at why transfer learning exists: a network trained from scratch on a few hundred photos.
//
// **The experiment.** Ants vs bees from the PyTorch tutorial: about 120 photos per class for training and 75
// for validation. We count the classes, compute what guessing would score, and train a ResNet18 from random
// weights, which later weeks will beat by a wide margin with pretrained ones.

// %%
var course = Course.Start("week01");
var data = course.Dataset("hymenoptera_data");
Console.WriteLine($"{data.Name} in {data.Root}");
Console.WriteLine($"classes: {string.Join(", ", data.Classes)}; splits: {string.Join(", ", data.Splits)}");
Console.WriteLine(data.Report);

// %% [markdown]
// ## 1. Class balance
//
// A dataset where one class is much larger rewards a model that always says that class. Look at the counts
// per split before anything else: they decide which metric is honest (accuracy is fine when classes are
// balanced; otherwise look at per-class recall, F1, or balanced accuracy).

// %%
course.Show(ClassBalanceChart.Create(data));

// %% [markdown]
// Then look at the images themselves: what varies (background, scale, lighting), what could fool a model,
// and whether any label looks wrong. One row per class:

// %%
course.Show(DatasetSamples.Create(data, perClass: 4, split: "train"));

// %%
// EXERCISE w01.share: What share of the training images are ants (label 0)? Compute it from data.Split("train").
double antShare = 0;
// BEGIN SOLUTION
var trainSplit = data.Split("train");
antShare = trainSplit.Count(i => i.Label == 0) / (double)trainSplit.Count;
// END SOLUTION
Console.WriteLine($"ants: {antShare:P1} of training images");

// %%
var expectedShare = data.Split("train").Count(i => i.Label == 0) / (double)data.Split("train").Count;
Exercise.Check("w01.share", Math.Abs(antShare - expectedShare) < 1e-9,
    "Count the training items whose Label is 0 and divide by the number of training items.", $"{antShare:P1}");

// %% [markdown]
// ## 2. The score to beat
//
// Always answering the most common training class needs no model at all. On balanced data it scores about
// 50%; anything we train must be judged against it.

// %%
// EXERCISE w01.baseline: Compute the validation accuracy of always predicting the most common training class (Baselines.MajorityClassAccuracy helps).
double baseline = 0;
// BEGIN SOLUTION
baseline = Baselines.MajorityClassAccuracy(data.Split("train").Select(i => i.Label), data.Split("val").Select(i => i.Label).ToList());
// END SOLUTION
Console.WriteLine($"majority-class baseline on val: {baseline:P1}");

// %%
var trainLabels = data.Split("train").Select(i => i.Label).ToList();
int majority = Baselines.MajorityClass(trainLabels);
var valLabels = data.Split("val").Select(i => i.Label).ToList();
Exercise.Check("w01.baseline", Math.Abs(baseline - valLabels.Count(l => l == majority) / (double)valLabels.Count) < 1e-9,
    "Find the most frequent training label, then the share of validation items with that label.", $"{baseline:P1}");

// %% [markdown]
// ## 3. A CNN from scratch
//
// The same ResNet18 the course uses later, but with random weights: every filter has to be learned from
// our few hundred photos. Small inputs (112 px) keep it affordable on a CPU.

// %%
var scratch = Learner.FromScratch(data, course.Options(new LearnerOptions { BatchSize = 16, ImageSize = 112 }));
scratch.EpochProgress = course.Progress.Epochs;
var scratchHistory = scratch.Fit(course.Pick(8, 2), lr: 1e-3);
course.Show(TrainingCurves.Create(scratchHistory, "ResNet18 from random weights on ants vs bees"));

// %% [markdown]
// **What the chart shows.** Training accuracy creeps up; validation accuracy hovers not far above the
// baseline, and the validation loss is noisy. A few hundred images are not enough to learn good features from
// nothing. Week 4 reuses ImageNet features instead and reaches over 90% in seconds.

// %%
course.Show(ResultsChart.Bars([("majority baseline", baseline), ("ResNet18 from scratch", scratchHistory.Last?.ValidAccuracy ?? 0)],
    title: "Validation accuracy: guessing vs learning from scratch"));

// %%
scratch.Dispose();

// %% [markdown]
// ## A baseline as a function
//
// Every model is judged against the simplest rule: always answer the class seen most often in training.

// %%
// EXERCISE w01.majority (2 points): Write MajorityAccuracy: the accuracy on testLabels of always predicting the most common label of trainLabels (the smallest such label on a tie); 0 when testLabels is empty.
double MajorityAccuracy(int[] trainLabels, int[] testLabels)
{
    // BEGIN SOLUTION
    if (testLabels.Length == 0) return 0;
    int majorityLabel = trainLabels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
    return testLabels.Count(l => l == majorityLabel) / (double)testLabels.Length;
    // END SOLUTION
}

// %%
Exercise.Check("w01.majority", () => Math.Abs(MajorityAccuracy([0, 1, 1], [1, 0, 1, 1]) - 0.75) < 1e-12,
    "Count the training labels, pick the most common, and count how often it is right on the test labels.");
// BEGIN HIDDEN TESTS
Exercise.Check("w01.majority", () =>
    MajorityAccuracy([2, 1, 2, 1], [1, 2, 2]) == 1.0 / 3 && MajorityAccuracy([0, 0], []) == 0
    && MajorityAccuracy([5, 5, 5, 3], [5, 5, 3, 3, 3]) == 0.4 && MajorityAccuracy([7], [7, 7]) == 1,
    "Ties go to the smallest label, an empty test set gives 0, and labels need not start at 0.");
// END HIDDEN TESTS

// %% [markdown]
// ## What to try
// - Train from scratch for 20 epochs: does validation accuracy keep up with training accuracy?
// - Look at `oxford_flowers17` and `sign_language_digits` with `course.Dataset(...)` and `ClassBalanceChart`:
//   which of them would make plain accuracy misleading?
// - Write down, for a problem of your own: the objective, the data you have, and the metric you will be judged on.
