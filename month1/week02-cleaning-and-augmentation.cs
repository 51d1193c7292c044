#:project ../src/TransferGuide/TransferGuide.csproj
// Week 2 · Cleaning the data, and augmenting it
//
// This week's one source, in two forms:
// - a program:  dotnet run month1/week02-cleaning-and-augmentation.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week02-cleaning-and-augmentation.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 2 · Cleaning the data, and augmenting it
//
// **Goal.** Before any training: find what is wrong with the data (duplicates, especially across the
// train/test line, unreadable and tiny files, class imbalance), then see what augmentation does to an image,
// a sentence and a sound. With a few hundred examples, both matter more than the choice of model.
//
// **The experiment.** A cleaning pass over Oxford Flowers 17 (which is known to hold near-duplicate photos),
// then augmentation galleries: the kit's standard and strong image pipelines, easy data augmentation (EDA)
// on movie-review sentences, and noise, pitch and tempo changes on spoken digits, drawn as spectrograms.
//
// Run the cells in order, or the whole week as a program: `dotnet run month1/week02-cleaning-and-augmentation.cs`. Set `TRANSFERGUIDE_QUICK=1`
// (before starting the kernel) for the short version CI runs.

// %%
var course = Course.Start("week02");
var data = course.Dataset("oxford_flowers17");
Console.WriteLine($"{data.Name}: {data.Classes.Count} classes, {data.Items.Count} images in {string.Join(", ", data.Splits)}");

// %% [markdown]
// ## 1. The cleaning report
//
// `DataCleaner.Analyse` decodes every image once and fingerprints it: a SHA-256 for exact copies, perceptual
// hashes (confirmed on thumbnails) for near copies: resized, recompressed or slightly cropped versions of one
// photo. A copy on both sides of the train/test line *leaks*: the model is tested on an image it has seen,
// and the held-out score is inflated.

// %%
var cleaning = DataCleaner.Analyse(data);
Console.WriteLine($"{cleaning.Images} usable images in {cleaning.Seconds:F1} s");
Console.WriteLine($"duplicate pairs: {cleaning.Duplicates.Count(d => d.Kind == DuplicatePair.Exact)} exact, {cleaning.Duplicates.Count(d => d.Kind == DuplicatePair.Near)} near; {cleaning.CrossSplit.Count} across splits");
Console.WriteLine($"held-out items that duplicate a training item: {cleaning.LeakedItems().Count}");
Console.WriteLine($"unreadable: {cleaning.Unreadable.Count}, tiny: {cleaning.Tiny.Count}, largest/smallest class: {cleaning.ImbalanceRatio:F2}");
var reportPath = Path.Combine(course.RunFolder, "data-report.html");
Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
DataReportPage.Create(cleaning).Save(reportPath);
Console.WriteLine($"full report with thumbnails: {reportPath}");
course.Show(ClassBalanceChart.Create(cleaning.ClassCounts, cleaning.Classes, "Images per class and split (after cleaning)"));

// %%
// The pairs themselves: look before you delete. Quick mode's small sample may hold none.
var pairs = cleaning.Duplicates.Take(4).ToList();
if (pairs.Count == 0) Console.WriteLine("no duplicate pairs in this sample");
else
{
    var tiles = pairs.SelectMany(d => new[]
    {
        ($"{d.Kind} {d.SplitA}/{d.ClassA}", Image.Load<Rgb24>(d.PathA)),
        ($"{d.SplitB}/{d.ClassB} (pHash {d.PHashDistance})", Image.Load<Rgb24>(d.PathB)),
    }).ToList();
    course.Show(ImageGrid.Create(tiles, columns: 4, tileSize: 150, title: "Duplicate pairs, side by side"));
    foreach (var t in tiles) t.Item2.Dispose();
}

// %% [markdown]
// The bar chart is the class balance per split; the pairs above are what the perceptual hashes matched.
// Near duplicates are often the same flower shot twice a second apart, which is harmless inside one split
// and a leak across two.

// %%
// EXERCISE w02.leaks: Make `clean`, the dataset without the held-out items that duplicate a training item (the report has a method for it).
ImageDataset clean = data;
// BEGIN SOLUTION
clean = cleaning.WithoutLeaks(data);
// END SOLUTION
Console.WriteLine($"{data.Items.Count} -> {clean.Items.Count} images");

// %%
var leaked = cleaning.LeakedItems().ToHashSet();
Exercise.Check("w02.leaks", clean.Items.Count == data.Items.Count - leaked.Count && clean.Items.All(i => !leaked.Contains(i.Path)),
    "Look at the DataCleaningReport methods that mention leaks: one returns the paths, one a new dataset.",
    $"{leaked.Count} leaked item(s) removed");

// %% [markdown]
// ## 2. Image augmentation
//
// Each epoch the network sees a slightly different version of every image: another crop, a flip, other
// colours. The label stays the same, so the network has to learn what does not change. `Transforms.Train` is
// the kit's default (random resized crop and flip); `Transforms.Strong` adds rotation, shift, zoom, colour
// jitter, occasional gray and random erasing, for very small datasets.
//
// How much a crop may cut away depends on the images. A photo's crop keeps 35-100% of it. A 28-pixel
// Fashion-MNIST garment fills its frame, so the kit keeps 75-100% of images that small
// (`Transforms.MinCropAreaFor`). On Fashion-MNIST with 100 labels per class, that raised test accuracy on all
// three seeds tried, from 84.6% to 85.4% on average.

// %%
var p = ModelZoo.Spec(ModelZoo.ResNet18ImageNet).Preprocessing;
var samplePath = data.Split("train")[0].Path;
course.Show(AugmentationGallery.Create(samplePath, Transforms.Train(p), count: course.Pick(9, 4), seed: 1, tileSize: 140));

// %%
course.Show(AugmentationGallery.Create(samplePath, Transforms.Strong(p), count: course.Pick(9, 4), seed: 1, tileSize: 140));

// %% [markdown]
// **What the galleries show.** The first tile is the original. Standard augmentation keeps every version
// plausible; strong augmentation sometimes crops the flower away or erases part of it. That is the trade:
// more variety, but some examples whose label is no longer visible. If a strong pipeline lowers held-out
// accuracy, this gallery is the first place to look.

// %%
// EXERCISE w02.pipeline: Build a training pipeline with a random resized crop to p.CropSize, a horizontal flip and colour jitter (brightness, contrast, saturation 0.2, hue 0.02).
var myTransforms = new List<IImageTransform>();
// BEGIN SOLUTION
myTransforms.AddRange([new RandomResizedCrop(p.CropSize), new HorizontalFlip(), new ColorJitter(0.2, 0.2, 0.2, 0.02)]);
// END SOLUTION

// %%
var probe = Image.Load<Rgb24>(samplePath);
myTransforms.ApplyAll(probe, new Random(0));
Exercise.Check("w02.pipeline",
    probe.Width == p.CropSize && probe.Height == p.CropSize && myTransforms.OfType<HorizontalFlip>().Any() && myTransforms.OfType<ColorJitter>().Any(),
    "Look at Transforms.Train and Transforms.Strong in src/TransferGuide/Augment for the classes and their arguments.",
    $"a {probe.Width}x{probe.Height} crop, flipped and jittered");
probe.Dispose();
course.Show(AugmentationGallery.Create(samplePath, myTransforms, count: 4, seed: 2, tileSize: 140));

// %% [markdown]
// ## 3. Text augmentation
//
// Easy data augmentation (EDA) makes new sentences with four cheap edits: replace words by WordNet synonyms,
// insert a synonym somewhere, swap two words, delete words. A positive review mostly stays positive.
// (WordNet comes from the `wordnet` Debian package, or a folder named by `WNSEARCHDIR`.)

// %%
var sst2 = TextDatasets.Load("sst2");
var review = sst2.Split("train").First(e => TextAugmenter.Words(e.Text).Length is > 8 and < 20);
var eda = new EasyDataAugmentation(WordNet.Default);
Console.WriteLine($"original ({sst2.ClassNames[review.Label]}): {review.Text}");
foreach (var copy in eda.Augment(review, copies: 4, seed: 7)) Console.WriteLine($"  -> {copy.Text}");
Console.WriteLine($"WordNet synonyms of 'film': {string.Join(", ", WordNet.Default.Synonyms("film", singleWordsOnly: true).Take(8))}");

// %%
// EXERCISE w02.synonyms: Use SynonymReplacement (WordNet.Default, Fraction 0.3) to make 3 variants of review.Text, each with a different seed.
var variants = new List<string>();
// BEGIN SOLUTION
var replace = new SynonymReplacement(WordNet.Default, Fraction: 0.3);
variants.AddRange(Enumerable.Range(1, 3).Select(seed => replace.Apply(review.Text, seed)));
// END SOLUTION
foreach (var v in variants) Console.WriteLine(v);

// %%
Exercise.Check("w02.synonyms", variants.Count == 3 && variants.Distinct().Count() == 3 && variants.All(v => v != review.Text),
    "TextAugmenter.Apply(text, seed) returns one variant; call it with three seeds.", "three different variants");

// %% [markdown]
// **What the output shows.** WordNet does not know which sense a word has in the sentence: a noun can be
// replaced by a verb's synonym, and a film title's words get replaced too. At a small fraction most variants
// still read as the same review; at 0.3 many no longer do. Augmented text is for training only, never for
// the held-out set.

// %% [markdown]
// ## 4. Audio augmentation
//
// Spoken digits (FSDD), 8 kHz. Audio is usually classified from its log-mel spectrogram (time left to right,
// pitch bottom to top, loudness as brightness), so that is how we draw it. Noise at a chosen signal-to-noise
// ratio, a pitch shift of up to two semitones and a tempo change keep the digit recognisable.

// %%
var digits = AudioFolder.FromCatalog("fsdd");
var clipItem = digits.Split("train")[0];
var clip = WavFile.Read(clipItem.Path);
Console.WriteLine($"{digits.Items.Count} clips; '{digits.Classes[clipItem.Label]}', {clip.Duration:F2} s at {clip.SampleRate} Hz");
var audioTransforms = new IAudioTransform[] { PitchShift.Semitones(-2, 2), new TimeStretch(0.8, 1.2) { KeepLength = true }, new AddNoise(10, 30) };
var row = SpectrogramGallery.Draw(clip, audioTransforms, n: course.Pick(5, 3), seed: 3);
course.Show(ImageGrid.Create([("original, then augmented versions (log-mel spectrograms)", row)], columns: 1, tileSize: row.Width));

// %% [markdown]
// **Listen as well as look.** A picture hides what the ear catches at once: a pitch shift of two semitones
// still sounds like the same speaker saying the same digit, while a tempo change done badly adds a metallic echo.
// Each player below is the clip through one transform, with the spectrogram the network will see above it. In
// a notebook they play in place; a plain program writes them as WAV files under `runs/week02/audio`.

// %%
var heard = new (string Name, IAudioTransform Transform)[]
{
    ("pitch +2 semitones", PitchShift.Semitones(2, 2)), ("pitch -2 semitones", PitchShift.Semitones(-2, -2)),
    ("tempo x1.2", new TimeStretch(1.2) { KeepLength = true }), ("noise at 10 dB", new AddNoise(10)), ("shifted 20%", new TimeShift(0.2)),
};
course.Show(heard.Select(h => AudioClipView.Of(h.Transform.Apply(clip, seed: 1), h.Name)).Prepend(AudioClipView.Of(clip, "original")).ToList());

// %%
// EXERCISE w02.snr: Add noise at exactly 10 dB signal-to-noise ratio to clip (AddNoise, any seed).
Waveform noisy = clip;
// BEGIN SOLUTION
noisy = new AddNoise(10).Apply(clip, seed: 5);
// END SOLUTION
double snr = AudioMeasures.SnrDb(clip, noisy);
Console.WriteLine($"SNR {snr:F1} dB");

// %%
Exercise.CheckRange("w02.snr", "signal-to-noise ratio (dB)", snr, 9.0, 11.0,
    "AddNoise has a constructor that takes one SNR; a lower dB number means more noise.");

// %% [markdown]
// ## 5. Your own seeded augmentation
//
// An augmentation has two duties: change the input, never the label, and do it reproducibly, so that a seed
// gives the same epoch twice. Here an image is a small grid of numbers (rows × columns), the way a transform
// sees one channel.

// %%
// EXERCISE w02.flip (3 points): Write FlipHalf: with one new Random(seed), mirror each image left-right with probability 0.5 (a new array; the input stays as it was), keep every label and the order, and give the same result for the same seed.
List<(int[,] Image, int Label)> FlipHalf(IReadOnlyList<(int[,] Image, int Label)> items, int seed)
{
    // BEGIN SOLUTION
    var random = new Random(seed);
    var result = new List<(int[,] Image, int Label)>();
    foreach (var (image, label) in items)
    {
        if (random.NextDouble() >= 0.5) { result.Add((image, label)); continue; }
        int h = image.GetLength(0), w = image.GetLength(1);
        var mirrored = new int[h, w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) mirrored[y, w - 1 - x] = image[y, x];
        result.Add((mirrored, label));
    }
    return result;
    // END SOLUTION
}

// %%
bool SameGrid(int[,] a, int[,] b) => a.GetLength(0) == b.GetLength(0) && a.GetLength(1) == b.GetLength(1) && a.Cast<int>().SequenceEqual(b.Cast<int>());
bool MirrorGrid(int[,] a, int[,] b) =>
    a.GetLength(0) == b.GetLength(0) && a.GetLength(1) == b.GetLength(1)
    && Enumerable.Range(0, a.GetLength(0)).All(y => Enumerable.Range(0, a.GetLength(1)).All(x => b[y, a.GetLength(1) - 1 - x] == a[y, x]));
var flipSample = new List<(int[,] Image, int Label)> { (new[,] { { 1, 2, 3 } }, 0), (new[,] { { 4, 5 }, { 6, 7 } }, 1) };
Exercise.Check("w02.flip", () =>
    {
        var once = FlipHalf(flipSample, 7);
        var twice = FlipHalf(flipSample, 7);
        return once.Select(i => i.Label).SequenceEqual([0, 1]) && once.Zip(twice).All(z => SameGrid(z.First.Image, z.Second.Image))
            && once.Zip(flipSample).All(z => SameGrid(z.First.Image, z.Second.Image) || MirrorGrid(z.Second.Image, z.First.Image));
    },
    "Keep labels and order, mirror or keep each image, and draw from one Random(seed) so a seed repeats.");
// BEGIN HIDDEN TESTS
var flipRandom = new Random(2026);
var flipMany = Enumerable.Range(0, 400).Select(i =>
{
    var grid = new int[1 + flipRandom.Next(5), 2 + flipRandom.Next(6)];
    for (int y = 0; y < grid.GetLength(0); y++)
        for (int x = 0; x < grid.GetLength(1); x++) grid[y, x] = flipRandom.Next(1000);
    return (grid, flipRandom.Next(10));
}).Select(t => (Image: t.grid, Label: t.Item2)).ToList();
var flipCopies = flipMany.Select(t => (int[,])t.Image.Clone()).ToList();
Exercise.Check("w02.flip", () =>
    {
        var a = FlipHalf(flipMany, 11);
        var b = FlipHalf(flipMany, 11);
        var c = FlipHalf(flipMany, 12);
        int mirrored = a.Zip(flipMany).Count(z => !SameGrid(z.First.Image, z.Second.Image));
        return a.Count == flipMany.Count && a.Select(i => i.Label).SequenceEqual(flipMany.Select(i => i.Label))
            && a.Zip(flipMany).All(z => SameGrid(z.First.Image, z.Second.Image) || MirrorGrid(z.Second.Image, z.First.Image))
            && a.Zip(b).All(z => SameGrid(z.First.Image, z.Second.Image)) && !a.Zip(c).All(z => SameGrid(z.First.Image, z.Second.Image))
            && mirrored is > 140 and < 260 && flipMany.Zip(flipCopies).All(z => SameGrid(z.First.Image, z.Second));
    },
    "On many images: keep every label, mirror about half, repeat for a seed, differ between seeds, and leave the input unchanged.");
// END HIDDEN TESTS

// %% [markdown]
// ## What to try
// - Run the cleaning report on `hymenoptera_data`, then train week 4's head with and without `WithoutLeaks`:
//   how much of the held-out accuracy was leak?
// - Raise `RandomErasing`'s probability to 0.8 in your pipeline and look at the gallery: which images lose their label?
// - Give `AddNoise` a 0 dB SNR and listen (`WavFile.Write`): could you still tell the digit?
