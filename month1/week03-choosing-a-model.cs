#:project ../src/TransferGuide/TransferGuide.csproj
// Week 3 · Choosing a model: what ImageNet features are, and what a model costs
//
// This week's one source, in two forms:
// - a program:  dotnet run month1/week03-choosing-a-model.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week03-choosing-a-model.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 3 · Choosing a model: what ImageNet features are, and what a model costs
//
// **Goal.** Understand what we reuse when we take a network pretrained on ImageNet, and how to weigh one
// model against another: not only by accuracy, but by size and by speed on *your* machine.
//
// **The experiment.** Look at the first-layer filters and the feature maps of ResNet18, measure how
// stable its 512 features are when the same photo is cropped, flipped and recoloured, and measure its
// parameters and its latency here. The cost section measures the kit's ResNet18 next to two small models from
// the zoo (MobileNetV3-Small, SqueezeNet 1.1): parameters, FLOPs counted from the modules, and latency here.
// The text section does the same for a sentence encoder: its size next to BERT's, its speed, and a linear probe.
//
// Run the cells in order, or the whole week as a program: `dotnet run month1/week03-choosing-a-model.cs`. Set `TRANSFERGUIDE_QUICK=1`
// (before starting the kernel) for the short version CI runs.

// %%
var course = Course.Start("week03");
var data = course.Dataset("hymenoptera_data");
var spec = ModelZoo.Spec(ModelZoo.ResNet18ImageNet);
var model = (ResNet)ModelZoo.Create(spec.Id, data.Classes.Count); // the offline ImageNet weights are a ResNet
var p = spec.Preprocessing;
Console.WriteLine($"{spec.Id}: input {p.CropSize} px, {model.FeatureSize} features before the head");

// %% [markdown]
// ## 1. What the network learned on ImageNet
//
// The first convolution's 64 filters look for edges, colour blobs and stripes, in every orientation: generic
// enough to help on almost any photo. Deeper layers combine them into textures and parts. The head is the
// only ImageNet-specific piece, and it is the piece we replace.

// %%
var filters = FeatureViews.FirstLayerFilters(model, p.IsBgr);
course.Show(ImageGrid.Create([("conv1: the 64 first-layer filters", filters)], columns: 1, tileSize: 320));

// %%
var samplePath = data.Split("train")[0].Path;
var prepared = PreparedImage.Load(samplePath, p);
var maps = FeatureViews.FeatureMaps(model, prepared, "layer2");
course.Show(ImageGrid.Create([("the image", prepared.Crop), ("layer2: its 16 most active channels", maps)], columns: 2, tileSize: 300));

// %% [markdown]
// ## 2. Features that ignore what does not matter
//
// If the 512 features are good, a cropped, flipped or recoloured view of a photo should land close to the
// original. Cosine similarity measures it: 1 is the same direction, 0 unrelated. For reference we also
// compare the photo with another image of the same class and with one of the other class.

// %%
var (plain, views) = ViewSimilarity.Of(model, samplePath, p, Transforms.Strong(p), views: course.Pick(8, 4), seed: 1);
string other(int label) => data.Split("train").First(i => i.Label == label && i.Path != samplePath).Path;
double Similarity(string path) => ViewSimilarity.Cosine(plain, ViewSimilarity.Of(model, path, p, Transforms.Eval(p), views: 0).Plain);
int sampleLabel = data.Split("train")[0].Label;
double sameClass = Similarity(other(sampleLabel)), otherClass = Similarity(other(1 - sampleLabel));
course.Show(ResultsChart.Bars(views.Select(v => (v.View, v.Cosine)).Append(("another " + data.Classes[sampleLabel], sameClass)).Append(("a " + data.Classes[1 - sampleLabel], otherClass)),
    valueTitle: "cosine similarity to the plain image", title: "Strong augmentation barely moves the features"));

// %% [markdown]
// **What the chart shows.** Most augmented views stay close to the original, much closer than a different
// photo of the same class, and that one is closer than a photo of the other class. That invariance is what ImageNet training bought, and why a small head on
// these features already works. A view far below the others is usually a crop that cut the insect away.

// %%
// EXERCISE w03.cosine: Compute the cosine similarity of `plain` with itself scaled by 3 (every number times 3), using only a loop or LINQ (not ViewSimilarity).
double selfCosine = 0;
var scaled = plain.Select(v => v * 3).ToArray();
// BEGIN SOLUTION
double dot = plain.Zip(scaled).Sum(t => (double)t.First * t.Second);
selfCosine = dot / Math.Sqrt(plain.Sum(v => (double)v * v) * scaled.Sum(v => (double)v * v));
// END SOLUTION
Console.WriteLine($"cosine = {selfCosine:F6}");

// %%
Exercise.Check("w03.cosine", Math.Abs(selfCosine - 1) < 1e-6,
    "Cosine is the dot product divided by the product of the two lengths; scaling a vector does not change its direction.",
    "cosine ignores length: exactly 1");

// %% [markdown]
// ## 3. What the model costs here
//
// Parameters decide memory and download size; latency decides whether a model fits a phone, a CPU server or
// a batch job. Both are *measured* here, on this machine: quoted numbers from papers come from other hardware (and the
// kit's ResNet18, converted from Microsoft.ML's ONNX model, is not the same size as torchvision's: count, do not quote).
// On a busy shared CPU, latency also depends on what else is running: measure twice.

// %%
var costOptions = course.Pick(new ModelCostOptions(BatchSize: 16, Repeats: 3), new ModelCostOptions(ImageSize: 112, BatchSize: 4, Repeats: 2));
string[] candidates = [ModelZoo.ResNet18ImageNet, "mobilenet_v3_small", "squeezenet1_1"];
var costs = candidates.Select(id => ModelCostBenchmark.Measure(id, costOptions)).ToList();
foreach (var c in costs)
    Console.WriteLine($"{c.Id}: {c.Parameters:N0} parameters ({c.SizeMb:F1} MB as fp32), {c.GFlops:F2} GFLOPs at {c.ImageSize} px; batch 1: {c.LatencyBatch1Ms:F0} ms, batch {c.BatchSize}: {c.ImagesPerSecond:F1} images/s");
course.Show(ModelCostChart.Create(costs));

// %%
// EXERCISE w03.size: How many megabytes would the weights take in bf16 (2 bytes per number) instead of fp32?
double bf16Megabytes = 0;
// BEGIN SOLUTION
bf16Megabytes = costs[0].Parameters * 2 / 1e6;
// END SOLUTION
Console.WriteLine($"bf16: {bf16Megabytes:F1} MB");

// %%
Exercise.Check("w03.size", Math.Abs(bf16Megabytes - costs[0].SizeMb / 2) < 1e-6,
    "fp32 uses 4 bytes per parameter; bf16 uses half of that.", $"{bf16Megabytes:F1} MB, half of fp32");

// %%
prepared.Dispose(); filters.Dispose(); maps.Dispose(); model.Dispose();

// %% [markdown]
// ## Counting parameters by hand
//
// A model's size is the sum of its layers'. A convolution has one weight per input channel, output channel and
// kernel position, and one bias per output channel when it has biases.

// %%
// EXERCISE w03.conv-params (2 points): Write ConvParameters(inChannels, outChannels, kernel, bias, groups): the parameters of a kernel x kernel Conv2d with that many groups (each output channel sees inChannels / groups inputs), plus outChannels biases when bias is true.
long ConvParameters(int inChannels, int outChannels, int kernel, bool bias, int groups)
{
    // BEGIN SOLUTION
    return (long)outChannels * (inChannels / groups) * kernel * kernel + (bias ? outChannels : 0);
    // END SOLUTION
}

// %%
Exercise.Check("w03.conv-params", () => ConvParameters(3, 64, 7, false, 1) == 9408,
    "ResNet18's stem: 64 filters of 3 x 7 x 7 weights, no bias.");
// BEGIN HIDDEN TESTS
Exercise.Check("w03.conv-params", () =>
    ConvParameters(64, 64, 3, true, 1) == 36928 && ConvParameters(32, 32, 3, false, 32) == 288
    && ConvParameters(512, 2048, 1, false, 1) == 1048576 && ConvParameters(96, 192, 5, true, 4) == 115392
    && ConvParameters(4096, 4096, 3, false, 1) == 150994944L,
    "Biases, depthwise (groups = channels) and grouped convolutions, and counts past int's range.");
// END HIDDEN TESTS

// %% [markdown]
// ## 4. Text: choosing a text model
//
// The same questions hold for text. The course's starting points are BERT, RoBERTa and GPT-2: transformers
// pretrained on a lot of English that turn each token into a vector shaped by its sentence. Each has 110 to 125
// million parameters. The kit ships all-MiniLM-L6-v2 instead: 6 layers of 384, distilled from a larger model and
// trained to give sentence vectors. Its size is counted and its speed measured here, on random 32-token
// sentences (an SST-2 sentence has about 25 tokens). The other models' sizes are as their authors published them.

// %%
var textCost = TextModelCost.Measure(course.Pick(new TextCostOptions(), new TextCostOptions(BatchSize: 8, Repeats: 2)));
Console.WriteLine($"{textCost.Id}: {textCost.Parameters:N0} parameters ({textCost.SizeMb:F1} MB as fp32), {textCost.Layers} layers of {textCost.Hidden}; " +
    $"one {textCost.Tokens}-token sentence: {textCost.LatencyBatch1Ms:F1} ms; batch {textCost.BatchSize}: {textCost.SentencesPerSecond:F0} sentences/s");
course.Show(ResultsChart.Bars(TextModelCost.Published.Select(m => (m.Name + " (published)", m.ParametersMillions))
    .Append(("MiniLM-L6 (counted here)", textCost.Parameters / 1e6)), valueTitle: "parameters (millions)", title: "Text encoders: MiniLM-L6 is a fifth of BERT-base"));

// %%
// EXERCISE w03.text-embeddings: What fraction of MiniLM's parameters is its word-embedding table (30,522 WordPiece tokens, each a vector of textCost.Hidden numbers)?
double embeddingShare = 0;
// BEGIN SOLUTION
embeddingShare = 30522.0 * textCost.Hidden / textCost.Parameters;
// END SOLUTION
Console.WriteLine($"word embeddings: {embeddingShare:P1} of the model");

// %%
Exercise.Check("w03.text-embeddings", Math.Abs(embeddingShare - (double)textCost.EmbeddingParameters / textCost.Parameters) < 1e-9,
    "The table holds one vector of Hidden numbers per vocabulary entry; divide by all the parameters.",
    "about half of a small model is its vocabulary; the 6 layers share the rest");

// %% [markdown]
// **A linear probe.** Size and speed are half of the choice. The other half is whether the model's features
// already separate your classes. Freeze the encoder, average its token vectors into one sentence vector, and
// fit only a linear head on a few labelled sentences per class. If that beats chance clearly, the encoder knows
// something about your task, and weeks 4 and 5 build on it. This is `tg train --dataset sst2 --recipe extract
// --labels-per-class K`. (Quick mode probes with 16 per class and tests on 64 per class; full mode 64 and all 1,821.)

// %%
var probe = course.TrainText(new TextTrainOptions(Dataset: "sst2", Recipe: "extract", LabelsPerClass: course.Pick(64, 16)));
Console.WriteLine($"linear probe on {probe.Metrics.TrainItems} labelled sentences: {probe.Metrics.Accuracy:P1} of {probe.Metrics.EvaluationItems} test sentences right (chance: 50%)");

// %% [markdown]
// ## What to try
// - Measure latency at 112 px (`imageSize: 112`): how much faster is it, and what does week 1's chart say about accuracy at that size?
// - Repeat section 2 with `Transforms.Train(p)` instead of `Strong`: are the views even closer?
// - Compare with a randomly initialised network (`ModelZoo.Create(spec.Id, 2, pretrained: false)`): do its features still ignore augmentation?
// - Time the text encoder on 128-token texts (`new TextCostOptions(Tokens: 128)`): attention grows with the square of the length; does the time?
// - Probe with `Pooling = TextPooling.Cls` (the [CLS] vector instead of the mean): MiniLM was trained for mean pooling; does it show?
