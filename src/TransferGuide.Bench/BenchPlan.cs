namespace TransferGuide.Bench;

/// <summary>What <c>tg bench</c> measures and how hard. Defaults are the full benchmark of the issue.</summary>
/// <param name="Sections">Which parts run: forward, train, pipeline, e2e, finetune, text, text-finetune, audio.</param>
/// <param name="BatchSize">Images per forward pass and per training step.</param>
/// <param name="ImageSize">Input side of the forward and training-step figures.</param>
/// <param name="Rounds">Alternating rounds; every variant runs once per round, each in a fresh process.</param>
/// <param name="ForwardRepeats">Timed forward passes per process.</param>
/// <param name="TrainSteps">Timed training steps per process.</param>
/// <param name="ForwardVariants">Forward variants ("kit" is the kit's figure; onnxruntime is the peer).</param>
/// <param name="TrainVariants">Training-step variants: kit (fp32), kit-bf16, pytorch.</param>
/// <param name="PipelineImages">Images through the input pipeline (0: the whole training split).</param>
/// <param name="EndToEndRounds">Cold/cached pairs of the ants/bees feature-extraction run.</param>
/// <param name="FineTuneEpochs">Unfrozen epochs of the fine-tune run (null: the recipe's default).</param>
/// <param name="FineTuneImageSize">Input side of the fine-tune run (null: the model's 224).</param>
/// <param name="Target">Validation accuracy the end-to-end run races to.</param>
/// <param name="Dataset">Catalog dataset of the pipeline and end-to-end parts.</param>
/// <param name="Threads">Compute threads of every engine (0: torch's default, one per core).</param>
/// <param name="FineTunePrecision">Precision of the fine-tune run: fp32 (the recipe's default) or bf16.</param>
/// <param name="TextFineTuneEpochs">Epochs of the SST-2 fine-tune run (null: the text recipe's default).</param>
/// <param name="TextFineTuneLabelsPerClass">Train the SST-2 fine-tune run on this many texts per class (null: all, the default run).</param>
/// <param name="AudioClips">fsdd clips through the audio pipeline per measurement.</param>
/// <param name="AudioInputSize">Spectrogram side of the audio rows (the audio recipe's default).</param>
/// <param name="AudioVariants">Audio rows to run (null: every one of <see cref="AudioBenchmark.Variants"/>).</param>
public sealed record BenchPlan(
    IReadOnlyList<string> Sections,
    int BatchSize = 32,
    int ImageSize = 224,
    int Rounds = 3,
    int ForwardRepeats = 5,
    int TrainSteps = 4,
    IReadOnlyList<string>? ForwardVariants = null,
    IReadOnlyList<string>? TrainVariants = null,
    int PipelineImages = 0,
    int EndToEndRounds = 2,
    int? FineTuneEpochs = null,
    int? FineTuneImageSize = null,
    double Target = 0.85,
    string Dataset = "hymenoptera_data",
    int Threads = 0,
    string FineTunePrecision = "fp32",
    int? TextFineTuneEpochs = null,
    int? TextFineTuneLabelsPerClass = null,
    int AudioClips = 256,
    int AudioInputSize = Recipes.AudioTrainRecipe.DefaultInputSize,
    IReadOnlyList<string>? AudioVariants = null)
{
    /// <summary>Every section, in the order they run.</summary>
    public static IReadOnlyList<string> AllSections { get; } = ["forward", "train", "pipeline", "e2e", "finetune", "text", "text-finetune", "audio"];

    /// <summary>The full benchmark.</summary>
    public static BenchPlan Full { get; } = new(AllSections);

    /// <summary>
    /// A small version (well under 2 minutes on 2 idle cores): batches of 4, one round, a one-epoch
    /// fine-tune at 64 px, a one-epoch SST-2 fine-tune on 16 texts per class. Images stay 224 px where the ONNX graph fixes that size, and the end-to-end run
    /// stays real (ants/bees), as its figure only means something on the real data.
    /// </summary>
    public static BenchPlan Quick { get; } = new(AllSections, BatchSize: 4, ImageSize: 224, Rounds: 1, ForwardRepeats: 2, TrainSteps: 2,
        ForwardVariants: [ForwardBenchmark.OnnxRuntime, ForwardBenchmark.Kit], TrainVariants: [TrainBenchmark.PyTorch, TrainBenchmark.Kit],
        PipelineImages: 32, EndToEndRounds: 1, FineTuneEpochs: 1, FineTuneImageSize: 64,
        TextFineTuneEpochs: 1, TextFineTuneLabelsPerClass: 16, AudioClips: 32,
        AudioVariants: [AudioBenchmark.Spectrogram, AudioBenchmark.DefaultChain, AudioBenchmark.Step]);

    /// <summary>Forward variants to run.</summary>
    public IReadOnlyList<string> Forward => ForwardVariants ?? [ForwardBenchmark.OnnxRuntime, ForwardBenchmark.Kit, ForwardBenchmark.KitChannelsLastFixed, ForwardBenchmark.KitPlain];

    /// <summary>Training-step variants to run.</summary>
    public IReadOnlyList<string> Train => TrainVariants ?? [TrainBenchmark.PyTorch, TrainBenchmark.Kit, TrainBenchmark.KitBFloat16];

    /// <summary>Whether <paramref name="section"/> runs.</summary>
    public bool Runs(string section) => Sections.Contains(section, StringComparer.OrdinalIgnoreCase);
}

/// <summary>One measurement for a child process: serialised onto its command line, answered with one JSON line.</summary>
/// <param name="Kind">forward, train, pipeline, e2e or finetune.</param>
/// <param name="Variant">The variant (forward and train), or "cold"/"cached" (e2e).</param>
/// <param name="BatchSize">Images per pass or step.</param>
/// <param name="ImageSize">Input side.</param>
/// <param name="Repeats">Timed passes or steps.</param>
/// <param name="Folder">Feature cache (e2e) or scratch folder for run folders.</param>
/// <param name="Images">Images through the pipeline (0: all).</param>
/// <param name="Epochs">Fine-tune epochs (null: default).</param>
/// <param name="Target">Accuracy target of e2e.</param>
/// <param name="Dataset">Dataset of pipeline, e2e and finetune.</param>
/// <param name="Threads">torch threads (0: default).</param>
/// <param name="LabelsPerClass">Texts per class of the text fine-tune (null: all).</param>
public sealed record ChildJob(string Kind, string Variant, int BatchSize, int ImageSize, int Repeats, string? Folder = null,
    int Images = 0, int? Epochs = null, double Target = 0.85, string Dataset = "hymenoptera_data", int Threads = 0, int? LabelsPerClass = null);
