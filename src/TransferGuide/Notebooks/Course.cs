using System.Runtime.CompilerServices;
using TransferGuide.Core;
using TransferGuide.Core.Native;
using TransferGuide.Data;
using TransferGuide.Recipes;
using TransferGuide.Training;

namespace TransferGuide.Notebooks;

/// <summary>
/// What a week starts with: <c>var course = Course.Start("week04");</c>, in a notebook right after the shared
/// setup, in a program (<c>dotnet run month1/week04-feature-extraction.cs</c>) as its first statement. It makes
/// TorchSharp load (the libstdc++ fix and the package's own libtorch), makes Plotly.NET's charts work in the
/// kernel, reads quick mode, and prints one line saying what it found. <see cref="Show"/> displays a chart
/// in whichever host runs the week.
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

    /// <summary>The repository the week belongs to (where TransferGuide.sln is); the working directory when none is found.</summary>
    public string RepositoryRoot { get; }

    readonly TextWriter? _output;

    Course(string week, QuickMode quick, TorchStatus torch, TextWriter? output, string repositoryRoot)
    {
        Week = week; Quick = quick; Torch = torch; Progress = new ProgressLine(output); _output = output;
        RepositoryRoot = repositoryRoot;
    }

    /// <summary>Prepares the week and prints a one-line summary. Throws if TorchSharp cannot load.</summary>
    /// <param name="week">The week, e.g. "week04".</param>
    /// <param name="quick">Quick or full mode; null reads <see cref="QuickMode.Variable"/>.</param>
    /// <param name="output">Where lines go (the console by default).</param>
    /// <param name="source">Filled in by the compiler: the week's source file when it runs as a program, which locates
    /// the repository whatever the working directory. A notebook has none and is located from its folder.</param>
    public static Course Start(string week, QuickMode? quick = null, TextWriter? output = null, [CallerFilePath] string source = "")
    {
        FSharpCoreRedirect.Install();
        var torch = TorchRuntime.EnsureLoaded();
        var root = (File.Exists(source) ? Repository.Find(Path.GetDirectoryName(Path.GetFullPath(source))!) : null)
                   ?? Repository.FromWorkingDirectory();
        Repository.Remember(root); // so datasets beside it are found whatever the working directory
        var course = new Course(week, quick ?? QuickMode.FromEnvironment(), torch, output, root);
        (output ?? Console.Out).WriteLine($"TransferGuide {week}: {course.Quick} mode, {(torch.CudaAvailable ? "CUDA" : "CPU")}, " +
                         $"{torch.Threads} threads, working in {Directory.GetCurrentDirectory()}");
        return course;
    }

    /// <summary>
    /// <c>runs/WEEK</c> in the repository, created when missing: where a week writes checkpoints, reports and
    /// (as a program) its chart files. It is the same folder whether the week runs as a notebook or a program.
    /// </summary>
    public string RunFolder => Directory.CreateDirectory(Path.Combine(RepositoryRoot, "runs", Week)).FullName;

    /// <summary>
    /// Shows a chart or a table: inline in a notebook; in a program, a chart becomes an HTML file in
    /// <see cref="RunFolder"/>/charts (its path is printed) and anything else is printed as text.
    /// </summary>
    public void Show(object value) => CourseDisplay.Show(value, Week, () => RunFolder, _output ?? Console.Out);

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

    /// <summary>
    /// This notebook's progress lines in the shape the one-call recipes take (<c>BiasRecipe.Run(options, course.Recipe)</c>):
    /// item progress, epoch lines and plain log lines, all to the notebook's output.
    /// </summary>
    public RecipeProgress Recipe => new(Progress.Work, Progress.Epochs, line => (_output ?? Console.Out).WriteLine(line));

    /// <summary>
    /// Runs the text recipe (<see cref="TextTrainRecipe"/>: the same as <c>tg train --dataset sst2</c>) with this
    /// notebook's progress lines; its run folder goes under <see cref="RunFolder"/>. Quick mode validates and tests on
    /// <see cref="QuickHeldOutTexts"/> texts per class instead of the whole splits.
    /// </summary>
    public TextRunResult TrainText(TextTrainOptions options) =>
        TextTrainRecipe.Run(options with { RunsRoot = RunFolder, HeldOutPerClass = options.HeldOutPerClass ?? Quick.Pick<int?>(null, QuickHeldOutTexts) },
            Recipe);

    /// <summary>
    /// Runs the audio recipe (<see cref="AudioTrainRecipe"/>: the same as <c>tg train --dataset fsdd</c>) with this
    /// notebook's progress lines; its run folder goes under <see cref="RunFolder"/>. Quick mode trains on
    /// <see cref="QuickTrainClips"/> clips per class, holds out <see cref="QuickHeldOutClips"/> per class, uses 64-pixel
    /// spectrograms and one epoch of every layer.
    /// </summary>
    public AudioRunResult TrainAudio(AudioTrainOptions options) =>
        AudioTrainRecipe.Run(Quick.Pick(options, options with
            {
                InputSize = Math.Min(options.InputSize, 64), TrainPerClass = options.TrainPerClass ?? QuickTrainClips,
                HeldOutPerClass = options.HeldOutPerClass ?? QuickHeldOutClips, Epochs = options.Epochs ?? (options.Recipe == "extract" ? null : 1),
            }) with { RunsRoot = RunFolder },
            Recipe);

    /// <summary>Training clips per class of an audio run in quick mode.</summary>
    public const int QuickTrainClips = 12;

    /// <summary>Validation and test clips per class of an audio run in quick mode.</summary>
    public const int QuickHeldOutClips = 4;

    /// <summary>Validation and test texts per class that a text run keeps in quick mode.</summary>
    public const int QuickHeldOutTexts = 64;
}
