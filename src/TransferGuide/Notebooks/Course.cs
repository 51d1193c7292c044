using TransferGuide.Core.Native;
using TransferGuide.Data;
using TransferGuide.Training;

namespace TransferGuide.Notebooks;

/// <summary>
/// What a week's notebook starts with: <c>var course = Course.Start("week04");</c> right after the shared
/// setup. It makes TorchSharp load (the libstdc++ fix and the package's own libtorch), makes Plotly.NET's
/// charts work in the kernel, reads quick mode, and prints one line saying what it found.
/// </summary>
public sealed class Course
{
    /// <summary>The week, e.g. "week04".</summary>
    public string Week { get; }

    /// <summary>Quick (CI) or full mode.</summary>
    public QuickMode Quick { get; }

    /// <summary>What the Torch backend reported.</summary>
    public TorchStatus Torch { get; }

    /// <summary>Plain-text progress for the learner and the feature extractor.</summary>
    public ProgressLine Progress { get; }

    Course(string week, QuickMode quick, TorchStatus torch, TextWriter? output)
    {
        Week = week; Quick = quick; Torch = torch; Progress = new ProgressLine(output);
    }

    /// <summary>Prepares the notebook and prints a one-line summary. Throws if TorchSharp cannot load.</summary>
    public static Course Start(string week, QuickMode? quick = null, TextWriter? output = null)
    {
        FSharpCoreRedirect.Install();
        var torch = TorchRuntime.EnsureLoaded();
        var course = new Course(week, quick ?? QuickMode.FromEnvironment(), torch, output);
        (output ?? Console.Out).WriteLine($"TransferGuide {week}: {course.Quick} mode, {(torch.CudaAvailable ? "CUDA" : "CPU")}, " +
                         $"{torch.Threads} threads, working in {Directory.GetCurrentDirectory()}");
        return course;
    }

    /// <summary>
    /// Loads a catalog dataset (found beside the repository, in $TRANSFERGUIDE_DATA, or the user cache) or a folder of
    /// class folders (<see cref="Datasets.Load(string, DatasetLoadOptions?)"/>) and, in quick mode, keeps
    /// <see cref="QuickMode.ImagesPerClass"/> items per class and split (<see cref="FewLabels.PerClass(ImageDataset, int, int, FewLabelsDraw)"/>).
    /// </summary>
    public ImageDataset Dataset(string nameOrFolder, int? quickImagesPerClass = null)
    {
        var data = Datasets.Load(nameOrFolder);
        return Quick.Enabled ? FewLabels.PerClass(data, quickImagesPerClass ?? Quick.ImagesPerClass) : data;
    }

    /// <summary><paramref name="full"/> normally, <paramref name="quick"/> in quick mode.</summary>
    public T Pick<T>(T full, T quick) => Quick.Pick(full, quick);

    /// <summary>Learner options for this mode: quick mode shrinks the input to <see cref="QuickMode.ImageSize"/> pixels.</summary>
    public LearnerOptions Options(LearnerOptions? options = null)
    {
        options ??= LearnerOptions.Default;
        return Quick.Enabled ? options with { ImageSize = Math.Min(options.ImageSize ?? 224, Quick.ImageSize) } : options;
    }

    /// <summary>A learner with this notebook's progress lines attached.</summary>
    /// <param name="data">Images in class folders.</param>
    /// <param name="options">Every knob; quick mode shrinks the input (see <see cref="Options"/>).</param>
    /// <param name="headDropout">Dropout before the head; null keeps the architecture's own.</param>
    /// <param name="architecture">Any <see cref="Models.ModelZoo"/> id; the offline ImageNet ResNet18 by default.</param>
    /// <param name="pretrained">ImageNet weights: true requires them, false trains from scratch, null uses them when on disk.</param>
    public Learner Learner(ImageDataset data, LearnerOptions? options = null, double? headDropout = null,
        string architecture = Models.ModelZoo.ResNet18ImageNet, bool? pretrained = null)
    {
        var learner = Training.Learner.Create(data, architecture, Options(options), headDropout, pretrained);
        learner.EpochProgress = Progress.Epochs;
        return learner;
    }
}
