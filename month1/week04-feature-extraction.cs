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
// **The experiment.** Ants vs bees: 208 training photos, 37 more of the 245 kept aside for validation, and 153
// test photos. We extract features (cached on disk, so the second time costs nothing), train a linear head on
// the training photos, make every choice on the validation photos, read the test photos once at the end, and
// save a checkpoint that week 5 can start from. The last section does the same for sentences with a frozen text encoder.
//
// Run the cells in order, or the whole week as a program: `dotnet run month1/week04-feature-extraction.cs`. Set `TRANSFERGUIDE_QUICK=1`
// (before starting the kernel) for the short version CI runs.

// %%
var course = Course.Start("week04");
// Quick mode keeps 24 photos per class and split, so that validation has enough (4 per class) to choose on.
var data = course.Dataset("hymenoptera_data", quickImagesPerClass: 24);
// Train to learn from, validation for every choice, test read once at the end (week 1 explains why).
var splits = Learner.SplitFor(data, seed: 42);
Console.WriteLine($"{data.Name}: classes {string.Join(", ", data.Classes)}; {splits.Describe()}");
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
FeatureSet Features(IReadOnlyList<DataItem> items, string part) =>
    FeatureExtractor.Extract(model, Quickstart.WeightsId(spec), spec.Preprocessing, items, data.Report, cache, part, progress: course.Progress.Work);
var trainFeatures = Features(splits.Train, "train");
var validFeatures = Features(splits.Valid, splits.ValidName);
var testFeatures = Features(splits.Final, splits.FinalName);
Console.WriteLine($"{trainFeatures.Count} + {validFeatures.Count} + {testFeatures.Count} feature vectors of {trainFeatures.Dim} numbers in {clock.Elapsed.TotalSeconds:F1} s (cache: {cache.Folder})");

// %% [markdown]
// ## 2. What must the head beat?
//
// A model that ignores the image and always answers the most common training class already scores something.
// Any result has to be read against that number.

// %%
// EXERCISE w04.baseline: Compute the validation accuracy of always predicting the most common class of the training labels (trainFeatures.Labels, validFeatures.Labels).
double baseline = 0;
// BEGIN SOLUTION
int majority = trainFeatures.Labels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
baseline = validFeatures.Labels.Count(l => l == majority) / (double)validFeatures.Count;
// END SOLUTION
Console.WriteLine($"majority-class baseline: {baseline:P1}");

// %%
Exercise.Check("w04.baseline",
    Math.Abs(baseline - Baselines.MajorityClassAccuracy(trainFeatures.Labels, validFeatures.Labels)) < 1e-9,
    "Count the training labels, take the most frequent one, and divide how often it appears in the validation labels by their number.",
    $"baseline = {baseline:P1}");

// %% [markdown]
// ## 3. Train a linear head
//
// `HeadTrainer.Train` trains only the final layer (`model.Fc`) with AdamW on the cached features: each epoch
// takes milliseconds, so we can afford many. The chart shows loss and accuracy per epoch on the training
// features and on the validation ones.

// %%
var headOptions = new HeadOptions(Epochs: course.Pick(40, 15), LearningRate: 1e-3);
var history = HeadTrainer.Train(model, trainFeatures, validFeatures, headOptions);
Console.WriteLine(ProgressLine.Format(history.Last!));
course.Show(TrainingCurves.Create(history, "Linear head on frozen ResNet18 features"));

// %% [markdown]
// **What the chart shows.** Training loss falls steadily; validation accuracy rises within a few epochs and
// then flattens: the features already separate ants from bees, the head only has to find the line between
// them. A validation loss that starts rising while training loss keeps falling would be the head overfitting.

// %%
var validResult = new ClassificationResult(data.Classes, validFeatures.Labels, HeadTrainer.PredictProbabilities(model, validFeatures), validFeatures.Paths);
Console.WriteLine($"validation accuracy {validResult.Accuracy:P1} (baseline {baseline:P1})");
course.Show(ConfusionMatrixChart.Create(validResult.ConfusionMatrix(), data.Classes, "Linear head: validation confusion matrix"));

// %% [markdown]
// **A map of the features.** Each training image is 512 numbers; PCA keeps the two directions along which
// they vary most, t-SNE places images so that neighbours in 512 dimensions stay neighbours on the page.
// If the colours separate here, a linear head has an easy job. (The map uses the training features: looking
// is a choice too, and the test photos stay unread until the end.)

// %%
var pca = TransferGuide.Evaluation.Interpretability.Pca.Fit(trainFeatures.Features, trainFeatures.Count, trainFeatures.Dim, 2);
var names = trainFeatures.Paths.Select(p => Path.GetFileName(p) ?? p).ToList();
course.Show(EmbeddingChart.Create(pca.Points, trainFeatures.Labels, data.Classes,
    $"PCA of the training features ({pca.ExplainedVarianceRatio.Sum():P0} of the variance)", hover: names, axisNames: ("PC 1", "PC 2")));

// %%
// t-SNE is exact here (cost grows with the square of the number of images): fine for a few hundred.
var tsne = TransferGuide.Evaluation.Interpretability.Tsne.Embed(trainFeatures.Features, trainFeatures.Count, trainFeatures.Dim,
    new TransferGuide.Evaluation.Interpretability.TsneOptions(Perplexity: Math.Min(30, (trainFeatures.Count - 1) / 3), Seed: 42));
course.Show(EmbeddingChart.Create(tsne.Points, trainFeatures.Labels, data.Classes, "t-SNE of the training features", hover: names));

// %% [markdown]
// ## 4. Your turn: a better head
//
// The default head is deliberately timid (learning rate 1e-3). Choose your own `HeadOptions` (learning rate,
// epochs, weight decay); the cell after it trains a new head with them and checks its *validation* accuracy
// against the threshold. Try as many settings as you like: validation is there to be chosen on.

// %%
// EXERCISE w04.head: Choose HeadOptions (e.g. a higher learning rate and more epochs) so that validation accuracy reaches the target.
HeadOptions myHead = headOptions;
// BEGIN SOLUTION
myHead = headOptions with { LearningRate = 3e-3, Epochs = course.Pick(60, 30) };
// END SOLUTION
Console.WriteLine(myHead);

// %%
double target = course.Pick(0.90, 0.75);
var myHistory = HeadTrainer.Train(model, trainFeatures, validFeatures, myHead);
Console.WriteLine(ProgressLine.Format(myHistory.Last!));
Exercise.CheckRange("w04.head", "validation accuracy", myHistory.Last!.ValidAccuracy ?? 0, target, 1.0,
    "Try a learning rate between 1e-3 and 1e-2, and more epochs; look at the training curves to see whether it is still improving.");

// %% [markdown]
// ## 5. Read the test photos, once
//
// The head is chosen, so now, and only now, the test photos are read. Their accuracy is the number to report:
// nothing was tuned on them, so it estimates how the head does on photos it has never met. Expect it to
// differ from validation by a few points either way; 37 validation photos are a noisy ruler.

// %%
var testResult = new ClassificationResult(data.Classes, testFeatures.Labels, HeadTrainer.PredictProbabilities(model, testFeatures), testFeatures.Paths);
Console.WriteLine($"test accuracy {testResult.Accuracy:P1} on the {testFeatures.Count} images of '{splits.FinalName}' " +
    $"(validation {myHistory.Last!.ValidAccuracy ?? 0:P1}; always guessing the majority: {Baselines.MajorityClassAccuracy(trainFeatures.Labels, testFeatures.Labels):P1})");
course.Show(ResultsChart.Bars([("majority baseline (validation)", baseline), ("default head (validation)", history.Last!.ValidAccuracy ?? 0),
        ("your head (validation)", myHistory.Last!.ValidAccuracy ?? 0), ("your head (test, once)", testResult.Accuracy)],
    title: "Guessing vs frozen features: validation, then test once"));
course.Show(ConfusionMatrixChart.Create(testResult.ConfusionMatrix(), data.Classes, "Your head: test confusion matrix"));

// %% [markdown]
// ## 6. Save a checkpoint
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
// EXERCISE w04.reload: Load the checkpoint back (Checkpoint.Load) and compute the reloaded model's validation probabilities on validFeatures.
float[] reloadedProbabilities = [];
// BEGIN SOLUTION
var (reloaded, header, _) = Checkpoint.Load(checkpointPath);
reloadedProbabilities = HeadTrainer.PredictProbabilities(reloaded, validFeatures);
Console.WriteLine($"reloaded {header.Architecture} for {string.Join("/", header.Classes)}, {header.Epoch} epochs");
// END SOLUTION

// %%
var current = HeadTrainer.PredictProbabilities(model, validFeatures);
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
// ## Text: the same recipe on sentences
//
// Feature extraction is not only for photos. The frozen network here is the MiniLM sentence encoder from week 3;
// the *features* are one 384-number vector per sentence (the average of its token vectors); the head is the
// same linear layer, trained the same way. The data is SST-2: one-sentence film reviews, positive or negative,
// 6,920 for training, 872 for validation and 1,821 for test. Quick mode trains on 32 sentences per class and
// validates and tests on 64 per class.
// This is `tg train --dataset sst2 --recipe extract`; its run folder holds the same report.html as the photos'.

// %%
var sentences = course.TrainText(new TextTrainOptions(Dataset: "sst2", Recipe: "extract", LabelsPerClass: course.Pick<int?>(null, 32)));
var sm = sentences.Metrics;
Console.WriteLine($"{sm.TrainItems} training sentences, encoded once in {sm.CacheSeconds:F0} s; head trained in {sm.TrainSeconds:F1} s");
Console.WriteLine($"test accuracy {sm.Accuracy:P1} of {sm.EvaluationItems} sentences, macro F1 {sm.MacroF1:F3}; report: {sentences.Folder.Report}");
course.Show(TrainingCurves.Create(sentences.History, "Frozen sentence vectors + linear head: loss and accuracy"));

// %% [markdown]
// **The most confident mistakes** are the first place to look, as with the photos. In SST-2 they are mostly
// sentences whose words point one way and whose meaning points the other: negation ("not bad"), contrast
// ("beautiful but empty"), and sarcasm. An average of word vectors cannot see word order; fine-tuning the top
// layers (week 5) can.

// %%
course.Show(sentences.Mistakes(8));

// %%
// EXERCISE w04.mean-pool (2 points): Write MeanPool(tokens, mask): the average of the token vectors whose mask is 1 (padding has mask 0), as the encoder pools a sentence; a text with no real token gives a vector of zeros.
float[] MeanPool(float[][] tokens, int[] mask)
{
    // BEGIN SOLUTION
    var sum = new float[tokens[0].Length];
    int count = 0;
    for (int t = 0; t < tokens.Length; t++)
    {
        if (mask[t] == 0) continue;
        count++;
        for (int c = 0; c < sum.Length; c++) sum[c] += tokens[t][c];
    }
    return count == 0 ? sum : sum.Select(v => v / count).ToArray();
    // END SOLUTION
}

// %%
Exercise.Check("w04.mean-pool", () => MeanPool([[1, 2], [3, 4], [100, 100]], [1, 1, 0]).SequenceEqual([2f, 3f]),
    "Padding (mask 0) must not count: the mean of [1, 2] and [3, 4] is [2, 3].");
// BEGIN HIDDEN TESTS
Exercise.Check("w04.mean-pool", () =>
{
    var random = new Random(4);
    var tokens = Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 5).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray()).ToArray();
    int[] mask = [1, 1, 1, 1, 0, 0, 0];
    using var pooled = TextClassifier.Pool(TorchSharp.torch.tensor(tokens.SelectMany(t => t).ToArray(), [1, 7, 5]),
        TorchSharp.torch.tensor(mask.Select(m => (float)m).ToArray(), [1, 7]), TextPooling.Mean);
    var expected = pooled.data<float>().ToArray();
    return MeanPool(tokens, mask).Zip(expected).All(p => Math.Abs(p.First - p.Second) < 1e-5)
        && MeanPool([[5, 5]], [1]).SequenceEqual([5f, 5f]) && MeanPool([[1, 2], [3, 4]], [0, 0]).SequenceEqual([0f, 0f]);
},
    "The library's own pooling (TextClassifier.Pool) on random vectors, a one-token text, and a text that is all padding (zeros, not NaN).");
// END HIDDEN TESTS

// %% [markdown]
// ## Sound: the same recipe on spectrograms
//
// Spoken digits (FSDD: six speakers, 3,000 clips of "zero" to "nine") become pictures: each clip's log-mel
// spectrogram, drawn in grey in all three channels, goes through the same frozen ImageNet ResNet18, and a linear
// head learns the ten digits from its features. Nothing in the network has heard a sound; edges and blobs in a
// spectrogram are still edges and blobs. This is `tg train --dataset fsdd --recipe extract`. Quick mode trains on
// 12 clips per class with 64-pixel pictures; full mode on all 2,430 training clips at 128 pixels.

// %%
var spoken = course.TrainAudio(new AudioTrainOptions(Recipe: "extract"));
var am = spoken.Metrics;
Console.WriteLine($"{am.TrainItems} training clips, {am.InputSize}x{am.InputSize} spectrograms; test accuracy {am.Accuracy:P1} of {am.EvaluationItems} clips");
course.Show(ConfusionMatrixChart.Create(spoken.Evaluation.ConfusionMatrix(), spoken.Evaluation.Classes, "Spoken digits, frozen ImageNet features: confusion matrix"));

// %% [markdown]
// **Hear the mistakes.** The clips the head got wrong most confidently, each with the spectrogram it saw. Full
// mode gets 82% (docs/audio.md): well short of what fine-tuning reaches in week 5, because ImageNet's
// top layers encode objects, not formants. The confusion matrix above says which digits it mixes up.

// %%
course.Show(spoken.Mistakes(6));

// %% [markdown]
// ## What to try
// - Swap the dataset for `oxford_flowers17` (17 classes): is a linear head still enough?
// - Train the head on 10 images per class (`FewLabels.PerClass(data, 10)`): how fast does accuracy fall?
// - Compare the extraction time of the first and second run of section 1; that is why the cache exists.
// - Colour the PCA map by *predicted* class instead (`HeadTrainer.PredictProbabilities`): where do the mistakes sit?
// - Run the text recipe on `sms_spam` (spam vs ham, 13% spam): is accuracy still the number to read, or macro F1?
// - Spectrograms at 224 pixels instead of 128 (`InputSize = 224`): do the frozen features improve, or only cost more?
