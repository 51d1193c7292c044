#:project ../src/TransferGuide/TransferGuide.csproj
// Week 4 · Feature extraction: a frozen ImageNet network and a new head
//
// This week's one source, in two forms:
// - a program:  dotnet run month1/week04-feature-extraction.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week04-feature-extraction.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 4 · Feature extraction: a frozen ImageNet network and a new head
//
// **Goal.** Reuse what an ImageNet ResNet18 already knows. Run every image through the frozen network *once*,
// keep the 512 numbers it produces per image (the *features*), and train only a small linear layer (the *head*)
// on them. This is the safe first move with very little data: it is fast, and it cannot overfit the backbone
// because the backbone never changes.
//
// **The experiment.** Ants vs bees: 208 training photos (37 more of the 245 are kept aside for validation) and 153 test photos. We extract features (cached on
// disk, so the second time costs nothing), train a linear head, compare it with guessing, and save a
// checkpoint that week 5 can start from.
//
// Run the cells in order, or the whole week as a program: `dotnet run month1/week04-feature-extraction.cs`. Set `TRANSFERGUIDE_QUICK=1`
// (before starting the kernel) for the short version CI runs.

// %%
var course = Course.Start("week04");
var data = course.Dataset("hymenoptera_data");
var (trainItems, heldItems, heldName) = Learner.SplitFor(data, seed: 42);
Console.WriteLine($"{data.Name}: classes {string.Join(", ", data.Classes)}; {trainItems.Count} training and {heldItems.Count} {heldName} images");
Console.WriteLine(data.Report);

// %% [markdown]
// ## 1. Extract features once
//
// `FeatureExtractor.Extract` runs the frozen network over the images (centre crop, ImageNet preprocessing)
// and stores the 512-number vector of each. The cache key covers the weights, the preprocessing and the file
// list, so changing any of them extracts again. Run the next cell twice and compare the times.

// %%
var spec = ModelZoo.Spec(ModelZoo.ResNet18ImageNet);
var model = ModelZoo.Create(spec.Id, data.Classes.Count);
var cache = FeatureCache.Default();
var clock = System.Diagnostics.Stopwatch.StartNew();
var trainFeatures = FeatureExtractor.Extract(model, Quickstart.WeightsId(spec), spec.Preprocessing, trainItems, data.Report, cache, "train", progress: course.Progress.Work);
var heldFeatures = FeatureExtractor.Extract(model, Quickstart.WeightsId(spec), spec.Preprocessing, heldItems, data.Report, cache, heldName, progress: course.Progress.Work);
Console.WriteLine($"{trainFeatures.Count} + {heldFeatures.Count} feature vectors of {trainFeatures.Dim} numbers in {clock.Elapsed.TotalSeconds:F1} s (cache: {cache.Folder})");

// %% [markdown]
// ## 2. What must the head beat?
//
// A model that ignores the image and always answers the most common training class already scores something.
// Any result has to be read against that number.

// %%
// EXERCISE w04.baseline: Compute the held-out accuracy of always predicting the most common class of the training labels (trainFeatures.Labels, heldFeatures.Labels).
double baseline = 0;
// BEGIN SOLUTION
int majority = trainFeatures.Labels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
baseline = heldFeatures.Labels.Count(l => l == majority) / (double)heldFeatures.Count;
// END SOLUTION
Console.WriteLine($"majority-class baseline: {baseline:P1}");

// %%
Exercise.Check("w04.baseline",
    Math.Abs(baseline - Baselines.MajorityClassAccuracy(trainFeatures.Labels, heldFeatures.Labels)) < 1e-9,
    "Count the training labels, take the most frequent one, and divide how often it appears in the held-out labels by their number.",
    $"baseline = {baseline:P1}");

// %% [markdown]
// ## 3. Train a linear head
//
// `HeadTrainer.Train` trains only the final layer (`model.Fc`) with AdamW on the cached features: each epoch
// takes milliseconds, so we can afford many. The chart shows loss and accuracy per epoch on the training
// features and on the held-out ones.

// %%
var headOptions = new HeadOptions(Epochs: course.Pick(40, 15), LearningRate: 1e-3);
var history = HeadTrainer.Train(model, trainFeatures, heldFeatures, headOptions);
Console.WriteLine(ProgressLine.Format(history.Last!));
course.Show(TrainingCurves.Create(history, "Linear head on frozen ResNet18 features"));

// %% [markdown]
// **What the chart shows.** Training loss falls steadily; held-out accuracy rises within a few epochs and
// then flattens: the features already separate ants from bees, the head only has to find the line between
// them. A held-out loss that starts rising while training loss keeps falling would be the head overfitting.

// %%
var result = new ClassificationResult(data.Classes, heldFeatures.Labels, HeadTrainer.PredictProbabilities(model, heldFeatures), heldFeatures.Paths);
Console.WriteLine($"held-out accuracy {result.Accuracy:P1} (baseline {baseline:P1})");
course.Show(ConfusionMatrixChart.Create(result.ConfusionMatrix(), data.Classes, "Linear head: held-out confusion matrix"));

// %% [markdown]
// **A map of the features.** Each held-out image is 512 numbers; PCA keeps the two directions along which
// they vary most, t-SNE places images so that neighbours in 512 dimensions stay neighbours on the page.
// If the colours separate here, a linear head has an easy job.

// %%
var pca = TransferGuide.Evaluation.Interpretability.Pca.Fit(heldFeatures.Features, heldFeatures.Count, heldFeatures.Dim, 2);
var names = heldFeatures.Paths.Select(p => Path.GetFileName(p) ?? p).ToList();
course.Show(EmbeddingChart.Create(pca.Points, heldFeatures.Labels, data.Classes,
    $"PCA of the held-out features ({pca.ExplainedVarianceRatio.Sum():P0} of the variance)", hover: names, axisNames: ("PC 1", "PC 2")));

// %%
// t-SNE is exact here (cost grows with the square of the number of images): fine for a few hundred.
var tsne = TransferGuide.Evaluation.Interpretability.Tsne.Embed(heldFeatures.Features, heldFeatures.Count, heldFeatures.Dim,
    new TransferGuide.Evaluation.Interpretability.TsneOptions(Perplexity: Math.Min(30, (heldFeatures.Count - 1) / 3), Seed: 42));
course.Show(EmbeddingChart.Create(tsne.Points, heldFeatures.Labels, data.Classes, "t-SNE of the held-out features", hover: names));

// %% [markdown]
// ## 4. Your turn: a better head
//
// The default head is deliberately timid (learning rate 1e-3). Train a new head with your own `HeadOptions`
// (learning rate, epochs, weight decay) and beat the threshold below.

// %%
double target = course.Pick(0.90, 0.75);
// EXERCISE w04.head: Choose HeadOptions (e.g. a higher learning rate and more epochs) so that held-out accuracy reaches the target.
HeadOptions myHead = headOptions;
// BEGIN SOLUTION
myHead = headOptions with { LearningRate = 3e-3, Epochs = course.Pick(60, 30) };
// END SOLUTION
var myHistory = HeadTrainer.Train(model, trainFeatures, heldFeatures, myHead);
Console.WriteLine(ProgressLine.Format(myHistory.Last!));

// %%
Exercise.CheckRange("w04.head", "held-out accuracy", myHistory.Last!.ValidAccuracy ?? 0, target, 1.0,
    "Try a learning rate between 1e-3 and 1e-2, and more epochs; look at the training curves to see whether it is still improving.");
course.Show(ResultsChart.Bars([("majority baseline", baseline), ("default head", history.Last!.ValidAccuracy ?? 0), ("your head", myHistory.Last!.ValidAccuracy ?? 0)],
    title: "Held-out accuracy: guessing vs frozen features"));

// %% [markdown]
// ## 5. Save a checkpoint
//
// One file holds the architecture, the classes, the preprocessing, the weights and the training history, and
// it is written atomically (a crash never leaves half a file). Week 5 starts fine-tuning from a model like this.

// %%
var checkpointPath = Path.Combine(course.RunFolder, "head.tgck");
Checkpoint.Save(checkpointPath, model, new CheckpointHeader
{
    Architecture = spec.Id, Classes = data.Classes, Preprocessing = spec.Preprocessing,
    Recipe = "feature-extraction", Dataset = data.Name, Epoch = myHistory.Epochs.Count, History = myHistory,
});
Console.WriteLine($"saved {checkpointPath} ({new FileInfo(checkpointPath).Length / 1e6:F1} MB)");

// %%
// EXERCISE w04.reload: Load the checkpoint back (Checkpoint.Load) and compute the reloaded model's held-out probabilities on heldFeatures.
float[] reloadedProbabilities = [];
// BEGIN SOLUTION
var (reloaded, header, _) = Checkpoint.Load(checkpointPath);
reloadedProbabilities = HeadTrainer.PredictProbabilities(reloaded, heldFeatures);
Console.WriteLine($"reloaded {header.Architecture} for {string.Join("/", header.Classes)}, {header.Epoch} epochs");
// END SOLUTION

// %%
var current = HeadTrainer.PredictProbabilities(model, heldFeatures);
Exercise.Check("w04.reload",
    reloadedProbabilities.Length == current.Length && reloadedProbabilities.Zip(current).All(p => Math.Abs(p.First - p.Second) < 1e-5),
    "Checkpoint.Load(path) returns (model, header, sections); run HeadTrainer.PredictProbabilities with the loaded model.",
    "the reloaded model predicts exactly what the trained one does");

// %% [markdown]
// ## The head's last step, by hand
//
// The linear head gives one score (logit) per class; softmax turns them into probabilities. Large logits
// overflow `Math.Exp`, so the usual trick subtracts the largest logit first: the result is the same.

// %%
// EXERCISE w04.softmax (3 points): Write Softmax(logits): exp(l - max) / sum over the logits of exp(l - max), for any finite logits, even very large ones.
double[] Softmax(double[] logits)
{
    // BEGIN SOLUTION
    double largest = logits.Max();
    var e = logits.Select(l => Math.Exp(l - largest)).ToArray();
    double total = e.Sum();
    return e.Select(x => x / total).ToArray();
    // END SOLUTION
}

// %%
Exercise.Check("w04.softmax", () => Softmax([0, 0]).SequenceEqual([0.5, 0.5]),
    "Two equal logits give two equal probabilities.");
// BEGIN HIDDEN TESTS
Exercise.Check("w04.softmax", () =>
{
    var big = Softmax([1000, 1000, 999]);
    var small = Softmax([-1000, 0]);
    var plain = Softmax([1, 2, 3]);
    double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
    return big.All(double.IsFinite) && Math.Abs(big.Sum() - 1) < 1e-12 && Math.Abs(big[0] - 1 / (2 + Math.Exp(-1))) < 1e-12
        && Math.Abs(small[1] - 1) < 1e-12 && small[0] >= 0 && Math.Abs(plain[2] - Math.Exp(3) / z) < 1e-12;
},
    "Large logits (1000) must not overflow: subtract the largest before Math.Exp.");
// END HIDDEN TESTS

// %% [markdown]
// ## What to try
// - Swap the dataset for `oxford_flowers17` (17 classes): is a linear head still enough?
// - Train the head on 10 images per class (`FewLabels.PerClass(data, 10)`): how fast does accuracy fall?
// - Compare the extraction time of the first and second run of section 1; that is why the cache exists.
// - Colour the PCA map by *predicted* class instead (`HeadTrainer.PredictProbabilities`): where do the mistakes sit?
