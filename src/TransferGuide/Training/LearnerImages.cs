using TorchSharp;
using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Models;

using static TorchSharp.torch;

namespace TransferGuide.Training;

// Everything about images: building learners from image folders, their preprocessing and transforms, and
// test-time augmentation. The training loop itself sees only IBatchSource batches.
public sealed partial class Learner
{
    /// <summary>An image learner's preprocessing and its two sources, kept typed for transforms and views.</summary>
    sealed record ImageInputs(Preprocessing Preprocessing, ImageBatchSource Train, ImageBatchSource Valid, ImageBatchSource Test)
    {
        /// <summary>The split a run reports: test when there is one.</summary>
        public ImageBatchSource Final => Test.Count > 0 ? Test : Valid;
    }

    /// <summary>Input preparation of an image learner.</summary>
    /// <exception cref="InvalidOperationException">The learner does not train on images.</exception>
    public Preprocessing Preprocessing => _images?.Preprocessing
        ?? throw new InvalidOperationException("This learner trains on batches that are not images, so it has no image preprocessing.");

    /// <summary>
    /// A learner for <paramref name="data"/>, split by the kit's one policy (<see cref="StratifiedSplit.ForTraining"/>):
    /// it trains on train, makes every choice on validation (carved from train when the data has no val split) and
    /// reports the test split with <see cref="Evaluate()"/>.
    /// </summary>
    /// <param name="data">Images in class folders.</param>
    /// <param name="architecture">Any <see cref="ModelZoo"/> id.</param>
    /// <param name="options">Every knob; null for the defaults.</param>
    /// <param name="headDropout">Dropout before the head; null keeps the architecture's own.</param>
    /// <param name="pretrained">
    /// ImageNet weights: true requires them, false trains from scratch, null uses them when they are on disk (and always
    /// for the offline ResNet18, whose weights come with the kit: a missing file there is reported, not skipped).
    /// </param>
    public static Learner Create(ImageDataset data, string architecture = ModelZoo.ResNet18ImageNet, LearnerOptions? options = null,
        double? headDropout = null, bool? pretrained = null)
    {
        options ??= LearnerOptions.Default;
        Reproducibility.Seed(options.Seed);
        var spec = ModelZoo.Spec(architecture);
        var splits = SplitFor(data, options);
        bool usePretrained = pretrained ?? (spec.WeightsShipWithKit || ModelZoo.PretrainedAvailable(spec.Id));
        var model = ModelZoo.Create(spec.Id, data.Classes.Count, usePretrained, headDropout);
        InitialiseHead(model, options.Seed);
        if (options.BatchNorm == BatchNormMode.Auto)
            options = options with { BatchNorm = usePretrained ? BatchNormMode.Frozen : BatchNormMode.Train };
        var learner = ForImages(model, spec.Id, data.Classes, data.Name, SizedFor(spec, options), splits, data.Report, options);
        learner.DataSource = data.Source;
        return learner;
    }

    /// <summary>
    /// A learner whose network starts from random weights instead of ImageNet's: the baseline that shows
    /// what pretraining is worth on small data. Every layer trains. The input pipeline is the same as
    /// <see cref="Create"/>'s, so the comparison changes only the starting weights.
    /// </summary>
    public static Learner FromScratch(ImageDataset data, LearnerOptions? options = null, string architecture = ModelZoo.ResNet18ImageNet)
    {
        options ??= LearnerOptions.Default;
        Reproducibility.Seed(options.Seed);
        var spec = ModelZoo.Spec(architecture);
        var model = ModelZoo.Create(spec.Id, data.Classes.Count, pretrained: false);
        if (options.BatchNorm == BatchNormMode.Auto) options = options with { BatchNorm = BatchNormMode.Train };
        var learner = ForImages(model, spec.Id, data.Classes, data.Name, SizedFor(spec, options), SplitFor(data, options), data.Report, options);
        learner.Unfreeze();
        return learner;
    }

    /// <summary>
    /// The train, validation and test items a learner uses for <paramref name="data"/> (<see cref="StratifiedSplit.ForTraining"/>).
    /// Deconstructed into three, it gives train, the reported split and its name.
    /// </summary>
    public static DataSplits SplitFor(ImageDataset data, int seed) => StratifiedSplit.ForTraining(data, seed);

    /// <summary>The parts a learner with <paramref name="options"/> trains on: <see cref="SplitFor(ImageDataset, int)"/>, with validation joined to training for a refit.</summary>
    public static DataSplits SplitFor(ImageDataset data, LearnerOptions options)
    {
        var splits = SplitFor(data, options.Seed);
        return options.Refit ? splits.JoinValidation() : splits;
    }

    static Preprocessing SizedFor(ModelSpec spec, LearnerOptions options) => options.ImageSize is { } size
        ? spec.Preprocessing with { CropSize = size, ResizeShorterSide = (int)Math.Round(size * 256.0 / 224) }
        : spec.Preprocessing;

    static Learner ForImages(ZooModel model, string architecture, IReadOnlyList<string> classes, string dataset, Preprocessing preprocessing,
        DataSplits splits, LoadReport report, LearnerOptions options)
    {
        // The crop share the data chose is written into the options, so the checkpoint records the number used: a
        // resumed run crops as before even if the rule changes, and an older kit can still read the file.
        options = options with { Augmentation = options.Augmentation with { MinCropArea = options.Augmentation.CropAreaFor(report.MedianShorterSide) } };
        var pipeline = options.Performance.Pipeline;
        var images = new ImageInputs(preprocessing,
            new ImageBatchSource(splits.Train, options.Augmentation.ImageTransforms(preprocessing), preprocessing, report, pipeline),
            new ImageBatchSource(splits.Valid, Transforms.Eval(preprocessing), preprocessing, report, pipeline),
            new ImageBatchSource(splits.Test, Transforms.Eval(preprocessing), preprocessing, report, pipeline));
        return new Learner(model, architecture, classes, dataset, images.Train, images.Valid, images.Test, splits.ValidName, splits.TestName,
            report, options, images);
    }

    /// <summary>
    /// Draws the new head as torch's Linear does (uniform within ±1/√fan-in), but from its own seeded generator.
    /// Torch's global generator is shared by every thread, so a head drawn from it after <c>Seed</c> changes when
    /// another model is built at the same moment (parallel tests, notebooks): this keeps Create reproducible.
    /// </summary>
    static void InitialiseHead(ZooModel model, int seed)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var random = new Random(Reproducibility.Mix(seed, 0x4ead));
        foreach (var linear in model.Classifier.modules().OfType<TorchSharp.Modules.Linear>())
        {
            double bound = 1 / Math.Sqrt(linear.weight!.shape[1]);
            foreach (var p in new[] { linear.weight!, linear.bias }.OfType<TorchSharp.Modules.Parameter>())
            {
                var values = new float[p.numel()];
                for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
                p.copy_(tensor(values, p.shape));
            }
        }
    }

    /// <summary>
    /// Predictions on the reported split (<see cref="EvaluationSplit"/>) with other eval transforms (one test-time-augmentation view).
    /// Items come in the same order as <see cref="Evaluate()"/>'s.
    /// </summary>
    public ClassificationResult Evaluate(IReadOnlyList<IImageTransform> transforms)
    {
        using var source = new ImageBatchSource(ImagesOrThrow().Final.Items, transforms, Preprocessing, Report);
        var (probs, labels, paths, _) = Predict(source);
        return new ClassificationResult(Classes, labels, probs, paths);
    }

    /// <summary>
    /// Predictions on the reported split (<see cref="EvaluationSplit"/>) averaged over test-time augmentation views (see
    /// <see cref="TestTimeAugmentation.Views"/>; default: the centre crop and its mirror image).
    /// </summary>
    public ClassificationResult EvaluateTta(IReadOnlyList<IReadOnlyList<IImageTransform>>? views = null) =>
        Tta(ImagesOrThrow().Final, views);

    /// <summary>
    /// Validation predictions averaged over test-time augmentation views, so that whether to use them can be
    /// decided without the test split (<see cref="EvaluateValidation"/> with views).
    /// </summary>
    public ClassificationResult EvaluateValidationTta(IReadOnlyList<IReadOnlyList<IImageTransform>>? views = null) =>
        Tta(ImagesOrThrow().Valid, views);

    ClassificationResult Tta(ImageBatchSource split, IReadOnlyList<IReadOnlyList<IImageTransform>>? views)
    {
        var images = ImagesOrThrow();
        views ??= TestTimeAugmentation.Views(images.Preprocessing);
        if (views.Count == 0) throw new ArgumentException("Give at least one view.", nameof(views));
        float[]? sum = null; int[] labels = []; string[] paths = [];
        foreach (var view in views)
        {
            using var source = split.WithTransforms(view);
            var (probs, l, p, _) = Predict(source);
            if (sum == null) { sum = probs; labels = l; paths = p; continue; }
            if (!p.SequenceEqual(paths)) throw new InvalidOperationException("A held-out file failed to decode in one view only; check the load report.");
            for (int i = 0; i < sum.Length; i++) sum[i] += probs[i];
        }
        for (int i = 0; i < sum!.Length; i++) sum[i] /= views.Count;
        return new ClassificationResult(Classes, labels, sum, paths);
    }

    ImageInputs ImagesOrThrow() => _images
        ?? throw new InvalidOperationException("Image transforms and test-time augmentation need a learner on images (Learner.Create).");
}
