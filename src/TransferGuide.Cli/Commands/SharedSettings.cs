namespace TransferGuide.Cli.Commands;

// Every settings class declares one option to a line (name, range, help text, property): the class reads as the
// table its --help prints, and an option's attributes cannot drift apart.

/// <summary>
/// <c>--dataset NAME</c> or <c>--data DIR</c>: the options of every verb that reads a dataset, declared once. A verb
/// says its own default dataset (the constructor) and, with <see cref="OptionHelpAttribute"/>, its own help text.
/// </summary>
/// <param name="defaultDataset">The catalog dataset used when neither option is given; null when the verb decides later.</param>
public abstract class DataSettings(string? defaultDataset) : CommandSettings
{
    /// <summary>Catalog dataset.</summary>
    [CommandOption("--dataset <NAME>"), Description("Catalog dataset (default hymenoptera_data).")] public string? Dataset { get; init; } = defaultDataset;

    /// <summary>User's folder.</summary>
    [CommandOption("--data <DIR>"), Description("Your own images: one sub-folder per class, optionally under train/ and val/ (or test/).")] public string? Data { get; init; }
}

/// <summary>A dataset of images, with the decompression-bomb guard every image loader takes.</summary>
/// <param name="defaultDataset">The catalog dataset used when neither --dataset nor --data is given.</param>
public abstract class ImageDataSettings(string? defaultDataset) : DataSettings(defaultDataset)
{
    /// <summary>Pixel cap.</summary>
    [CommandOption("--max-megapixels <MP>"), OptionRange(0, 100_000, MinExclusive = true), Description("Skip (and name) images larger than this many megapixels (default 40): a guard against decompression bombs.")] public double MaxMegapixels { get; init; } = ImageDecoder.DefaultMaxPixels / 1e6;

    /// <summary><see cref="MaxMegapixels"/> in pixels, as the loaders take it.</summary>
    public long MaxPixels => (long)(MaxMegapixels * 1_000_000);
}

/// <summary>Verbs that write a run folder (metrics.json, report.html) under <c>--runs</c>.</summary>
/// <param name="defaultDataset">The catalog dataset used when neither --dataset nor --data is given.</param>
public abstract class RunSettings(string? defaultDataset) : ImageDataSettings(defaultDataset)
{
    /// <summary>Where run folders go.</summary>
    [CommandOption("--runs <DIR>"), Description("Folder for run folders (default ./runs).")] public string Runs { get; init; } = "runs";
}

/// <summary>Verbs that train several networks on one dataset and compare them in a JSON report (ensemble, distill).</summary>
/// <param name="defaultDataset">The catalog dataset used when neither --dataset nor --data is given.</param>
[OptionHelp("--data", "A folder of class folders instead of a catalog dataset.")]
public abstract class ComparisonSettings(string? defaultDataset) : DataSettings(defaultDataset)
{
    /// <summary>Image size.</summary>
    [CommandOption("--image-size <PX>"), OptionRange(16, 2048), Description("Input side of every network compared (default 128; the models' own is 224, smaller is faster on a CPU).")] public int ImageSize { get; init; } = 128;

    /// <summary>Batch size.</summary>
    [CommandOption("--batch-size <N>"), OptionRange(1, 4096), Description("Images per step (default 32).")] public int BatchSize { get; init; } = 32;

    /// <summary>Output folder.</summary>
    [CommandOption("--out <DIR>"), Description("Where the JSON report goes (default runs/).")] public string Out { get; init; } = "runs";
}
