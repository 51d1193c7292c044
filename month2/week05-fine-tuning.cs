#:project ../src/TransferGuide/TransferGuide.csproj
// Week 5 · Fine-tuning: unfreeze the top layers at a small learning rate
//
// This week's one source, in two forms:
// - a program:  dotnet run month2/week05-fine-tuning.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week05-fine-tuning.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 5 · Fine-tuning: unfreeze the top layers at a small learning rate
//
// **Goal.** Week 4 kept the whole pretrained network frozen and trained a head. Fine-tuning goes one step
// further: after the head has learned, unfreeze the top layers (the most task-specific ones) and let them
// adapt too, at a learning rate small enough not to destroy what they know.
//
// **The experiment.** Three learners on ants vs bees, same data and seed:
// 1. the head alone (week 4's approach, here with augmentation and the Learner);
// 2. the head first, then the top two layer groups (head and `layer4`) at a 10x smaller rate;
// 3. everything unfrozen with *discriminative* rates: the head learns fastest, the stem 100x slower.
//
// The last section fine-tunes a sentence encoder the same way, on film reviews.

// %%
var course = Course.Start("week05");
// Several learners train below, so quick mode keeps 8 images per class and split.
var data = course.Dataset("hymenoptera_data", quickImagesPerClass: 8);
var options = new LearnerOptions { BatchSize = course.Pick(32, 8) };
int headEpochs = course.Pick(2, 1), tuneEpochs = course.Pick(4, 1);
double lr = 2e-3;
Console.WriteLine($"{data.Items.Count} images; {headEpochs} epoch(s) of head, then {tuneEpochs} of fine-tuning");

// %% [markdown]
// ## 1. The head alone

// %%
var headOnly = course.Learner(data, options);
headOnly.Freeze();
var headHistory = headOnly.Fit(headEpochs + tuneEpochs, lr: lr);

// %% [markdown]
// ## 2. Head first, then unfreeze the top
//
// `UnfreezeTop(n)` counts layer groups from the top: 1 is the head alone, 2 adds `layer4`, 3 adds `layer3`,
// and so on down to the stem (6 groups in all). BatchNorm layers of frozen groups keep their ImageNet
// statistics. So do those of the groups that train, by default, when the weights are pretrained: their scale and
// shift learn, but each batch is not normalised by its own 32 images' statistics (`LearnerOptions.BatchNorm`,
// `BatchNormMode.Frozen`; `BatchNormMode.Train` learns this data's statistics, and is what a network trained
// from random weights gets). On ants/bees the first unfrozen epoch with batch statistics undid much of the head
// epochs' work; with the ImageNet statistics kept, three seeds averaged 94.1% instead of 91.7% (docs/cli.md).

// %%
// EXERCISE w05.unfreeze: How many groups must UnfreezeTop get so that the head and layer4 (and nothing below) train?
int topGroups = 0;
// BEGIN SOLUTION
topGroups = 2;
// END SOLUTION

// %%
Exercise.Check("w05.unfreeze", topGroups == 2,
    "Group 1 is the head; each further group adds the next block below it (layer4, then layer3, ...).",
    "UnfreezeTop(2): the head and layer4");

// %%
var tuned = course.Learner(data, options);
tuned.Freeze();
var tunedHistory = tuned.Fit(headEpochs, lr: lr);
tuned.UnfreezeTop(Math.Max(1, topGroups));
tuned.Fit(tuneEpochs, lr: lr / 10);

// %% [markdown]
// ## 3. Discriminative learning rates
//
// Low layers hold generic features (edges, textures) that transfer to almost anything; high layers hold
// ImageNet-specific parts. So when everything trains, give the bottom a much smaller rate than the top.
// `lrSpread: 100` spaces the six groups' rates geometrically from `lr` (head) down to `lr / 100` (stem).

// %%
// EXERCISE w05.spread: With lr = 1e-3 and lrSpread = 100, what learning rate does the stem (group 0) get?
double stemLr = 0;
// BEGIN SOLUTION
stemLr = 1e-3 / 100;
// END SOLUTION

// %%
Exercise.Check("w05.spread", Math.Abs(stemLr - 1e-5) < 1e-12,
    "The head gets lr; the stem gets lr divided by the spread.", "the stem learns at 1e-5, 100x slower than the head");

// %%
var discriminative = course.Learner(data, options);
discriminative.Freeze();
var discHistory = discriminative.Fit(headEpochs, lr: lr);
discriminative.Unfreeze();
discriminative.Fit(tuneEpochs, lr: lr / 2, lrSpread: 100);

// %% [markdown]
// ## Compare

// %%
var runs = new (string Name, MetricsHistory History)[]
{
    ("head only", headOnly.History), ("head, then top 2 groups", tuned.History), ("all layers, discriminative", discriminative.History),
};
course.Show(ResultsChart.HeldOutAccuracy(runs, "Held-out accuracy: frozen vs fine-tuned"));

// %%
course.Show(ResultsChart.Bars(runs.Select(r => (r.Name, r.History.Last?.ValidAccuracy ?? 0)), title: "Held-out accuracy after the last epoch"));

// %%
course.Show(TrainingCurves.Create(discriminative.History, "All layers with discriminative rates: loss and accuracy"));

// %% [markdown]
// **What the charts show.** In full mode all three start from the same head epoch, then diverge: unfreezing
// the top usually adds a few points over the head alone on ants vs bees, and discriminative rates are the most
// robust when everything trains. With very few images (quick mode) the differences are noise, and fine-tuning
// can even lose to the frozen head: that is the course's rule of thumb at work, feature extraction first when
// data is tiny.

// %%
headOnly.Dispose(); tuned.Dispose(); discriminative.Dispose();

// %% [markdown]
// ## Discriminative rates by hand
//
// With a spread, the top group trains at the base rate and each group below at a smaller one, evenly spaced on
// a log scale down to base / spread for the stem.

// %%
// EXERCISE w05.rates (3 points): Write GroupRates(lr, spread, groups): groups rates, group 0 (the stem) first, geometric from lr / spread up to lr at the last group; a single group gets lr.
double[] GroupRates(double lr, double spread, int groups)
{
    // BEGIN SOLUTION
    if (groups == 1) return [lr];
    return Enumerable.Range(0, groups).Select(g => lr / Math.Pow(spread, (groups - 1 - g) / (double)(groups - 1))).ToArray();
    // END SOLUTION
}

// %%
Exercise.Check("w05.rates", () => GroupRates(1e-3, 100, 3).Zip(new[] { 1e-5, 1e-4, 1e-3 }).All(z => Math.Abs(z.First - z.Second) < 1e-15),
    "Three groups with spread 100: the stem gets lr / 100, the middle lr / 10.");
// BEGIN HIDDEN TESTS
Exercise.Check("w05.rates", () =>
    GroupRates(0.01, 10, 1).SequenceEqual([0.01])
    && new[] { (1e-3, 100.0, 5), (3e-4, 10.0, 2), (1e-2, 1.0, 4), (2e-3, 1000.0, 7) }.All(c =>
    {
        var r = GroupRates(c.Item1, c.Item2, c.Item3);
        return r.Length == c.Item3 && Math.Abs(r[^1] - c.Item1) < 1e-15 && Math.Abs(r[0] - c.Item1 / c.Item2) < 1e-12 * c.Item1
            && r.Zip(r.Skip(1)).All(p => Math.Abs(p.Second / p.First - Math.Pow(c.Item2, 1.0 / (c.Item3 - 1))) < 1e-9);
    }),
    "Other group counts and spreads (1 means no spread): the ratio between neighbours is spread^(1/(groups-1)).");
// END HIDDEN TESTS

// %% [markdown]
// ## Text: fine-tune the top layers of a sentence encoder
//
// The recipe carries over to text unchanged. A new head on MiniLM's mean-pooled sentence vector, then the top
// four of its six transformer layers trained with it:
// - AdamW, with discriminative rates (the head at 2e-4, each layer below at 0.8 times the one above);
// - a 10% warm-up, then cosine decay, and dropout 0.1.
//
// The two frozen layers at the bottom give the same output every epoch, so they run once per sentence and are
// cached. That is the limited-resources trick of week 8, and it makes fine-tuning fit a 2-core laptop.
//
// This is `tg train --dataset sst2`, the one-call default. Full mode trains on all 6,920 sentences; quick mode
// takes 5 steps on 16 per class and tests on 64 per class, only to show it runs. Both compare it with week 4's
// frozen encoder on the same sentences.

// %%
// Quick mode: 16 sentences per class and 5 steps, enough to see it run; full mode is the default run (about 3 minutes on 2 cores).
var textOptions = new TextTrainOptions(Dataset: "sst2", LabelsPerClass: course.Pick<int?>(null, 16), Epochs: course.Pick<int?>(null, 5));
var tunedText = course.TrainText(textOptions);
var frozenText = course.TrainText(textOptions with { Recipe = "extract" });
Console.WriteLine($"fine-tuned top {tunedText.Metrics.TrainedLayers} layers: {tunedText.Metrics.Accuracy:P1} test, {tunedText.Metrics.WallSeconds:F0} s, peak {tunedText.Metrics.PeakRssMegabytes:F0} MB");
Console.WriteLine($"frozen encoder + head: {frozenText.Metrics.Accuracy:P1} test, {frozenText.Metrics.WallSeconds:F0} s");
course.Show(ResultsChart.Bars([("frozen encoder + head", frozenText.Metrics.Accuracy), ($"top {tunedText.Metrics.TrainedLayers} layers + head", tunedText.Metrics.Accuracy)],
    valueTitle: "SST-2 test accuracy", title: $"Sentiment from {tunedText.Metrics.TrainItems} labelled sentences: frozen vs fine-tuned"));

// %% [markdown]
// **What the chart shows.** With all 6,920 sentences, fine-tuning the top layers beats the frozen encoder by
// several points (docs/text.md has the measured numbers). The layers learn what an average of word vectors
// cannot: order, negation and contrast. Quick mode's 5 steps on 32 sentences say nothing either way. The
// learning curve in docs/text.md shows the rule from the photos again: up to 16 labelled sentences per class the
// frozen encoder won by 4.5 points, and from 32 on fine-tuning did; it passed 85% at 512 per class.

// %%
// EXERCISE w05.text-rates: The head trains at LearningRate 2e-4 and each layer group below it at LayerDecay 0.8 times the group above. What rate does layer 2, the lowest of the four fine-tuned layers, get?
double layer2Rate = 0;
// BEGIN SOLUTION
layer2Rate = TextTrainRecipe.DefaultLearningRate * Math.Pow(TextTrainRecipe.DefaultLayerDecay, 4);
// END SOLUTION
Console.WriteLine($"layer 2: {layer2Rate:G4}");

// %%
Exercise.Check("w05.text-rates", Math.Abs(layer2Rate - 2e-4 * Math.Pow(0.8, 4)) < 1e-12,
    "Count the steps down from the head: layer 5, layer 4, layer 3, layer 2. Each step multiplies by 0.8.",
    $"{layer2Rate:G4}: the bottom trained layer moves at 41% of the head's rate");

// %% [markdown]
// ## Sound: fine-tune the ImageNet network on spectrograms
//
// Week 4's frozen features heard spoken digits poorly. Fine-tuning lets every layer adapt to spectrograms, with
// the recipe of this week: one epoch of the new head, then every layer at discriminative rates (one-cycle), the
// best validation epoch kept. Augmentation happens per batch, at training time, so every epoch hears new
// variants: a time shift and a pitch shift of up to 1.5 semitones (each on half the clips), then SpecAugment
// masks a few frequency bands and time steps of the picture. This is
// `tg train --dataset fsdd`. Quick mode trains one epoch on 12 clips per class at 64 pixels, only to show it
// runs; full mode is the default run (one head epoch and 12 of every layer: about 27 minutes on 2 cores).

// %%
var digitsTuned = course.TrainAudio(new AudioTrainOptions());
var dm = digitsTuned.Metrics;
Console.WriteLine($"fine-tuned on {dm.TrainItems} clips: {dm.Accuracy:P1} test ({dm.EvaluationItems} clips), {dm.WallSeconds:F0} s, peak {dm.PeakRssMegabytes:F0} MB");
Console.WriteLine($"augmentation: {dm.Augmentation}");
course.Show(TrainingCurves.Create(digitsTuned.History, "Spoken digits: head epoch, then every layer"));

// %% [markdown]
// **What the curves show.** In full mode the head epoch alone is far below week 4's frozen result (one epoch of a
// new ten-class head, on augmented clips); once every layer trains, validation passes 90% after three epochs and
// 99% after eight (the first is a slow start: the schedule warms up). The default run (seed 42) ends at 98.0% of
// the test split, 294 of 300 clips. With 8 epochs, three seeds ended at 97.7%, 99.0% and 97.7% (mean 98.1%,
// docs/audio.md): one clip is a third of a point, so the seed alone moves a run across the 98% the course aims at.
// The fsdd test split holds other recordings of the *same* six speakers, so even that is optimistic for a new
// voice: week 11 holds a speaker out.

// %%
course.Show(digitsTuned.Mistakes(6));

// %% [markdown]
// ## What to try
// - Fine-tune at the head's full rate (`lr` instead of `lr / 10`): does held-out accuracy drop in the first epoch?
// - `UnfreezeTop(3)` and `UnfreezeTop(4)`: where do extra layers stop paying on this data?
// - Text with more layers: `textOptions with { TopLayers = 6 }` trains all six (no cache). Does it pay for the time and memory?
// - A text learning curve: `tg train --dataset sst2 --labels-per-class 8,16,32,64,128,all`. Where does fine-tuning pass 85%?
// - Sound without augmentation: `new AudioTrainOptions(Augment: "none")`, or with noise added (`"shift,pitch,noise,masks"`). Does the test split notice? Does a held-out speaker (week 11)?
// - `learner.FineTune()` is the kit's one-call default for the same recipe (its length set by the data, early stopping on validation): compare it with your best.
