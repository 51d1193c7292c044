using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferGuide.Data;

/// <summary>Where a dataset comes from and how to fetch it.</summary>
public sealed record DatasetSource
{
    /// <summary>Download address of the archive (null when it comes another way, e.g. a Debian package).</summary>
    public string? Url { get; init; }
    /// <summary>"zip", or null when the address is not an archive.</summary>
    public string? Archive { get; init; }
    /// <summary>The folder inside the archive that becomes the dataset folder.</summary>
    public string? ArchiveRoot { get; init; }
    /// <summary>SHA-256 of the archive, lower-case hex, where known.</summary>
    public string? Sha256 { get; init; }
    /// <summary>Whether the kit can download and lay it out unattended.</summary>
    public bool AutoDownload { get; init; }
    /// <summary>Steps for a person, where the kit cannot do it alone.</summary>
    public IReadOnlyList<string> ManualSteps { get; init; } = [];
    /// <summary>Debian package that installs it, if any.</summary>
    public string? DebianPackage { get; init; }
    /// <summary>Where that package installs it.</summary>
    public string? Path { get; init; }
}

/// <summary>
/// A catalog entry (<c>datasets/NAME.json</c>): what a dataset is, its classes and split counts, where it
/// comes from, and its licence. The manifests are embedded in the library.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>Catalog name and folder name, e.g. hymenoptera_data.</summary>
    public required string Name { get; init; }
    /// <summary>Human title.</summary>
    public required string Title { get; init; }
    /// <summary>image-classification, text-classification or audio-classification.</summary>
    public required string Task { get; init; }
    /// <summary>image, text or audio.</summary>
    public required string Modality { get; init; }
    /// <summary>split-class-folders, class-folders, label-tab-text or idx-gz.</summary>
    public required string Layout { get; init; }
    /// <summary>Class names (folder names or label values), sorted as the loader sorts them.</summary>
    public required IReadOnlyList<string> Classes { get; init; }
    /// <summary>Readable class names where the labels are codes (sst2: 0 negative, 1 positive), same order as <see cref="Classes"/>.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
    /// <summary>Split → class → item count, as shipped.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Splits { get; init; }
    /// <summary>The held-out split results are reported on, or null when the dataset has no split.</summary>
    public string? EvaluationSplit { get; init; }
    /// <summary>Files of a file-based layout, by role.</summary>
    public IReadOnlyDictionary<string, string>? Files { get; init; }
    /// <summary>Where it comes from.</summary>
    public required DatasetSource Source { get; init; }
    /// <summary>Licence, in words.</summary>
    public required string Licence { get; init; }
    /// <summary>How to cite it.</summary>
    public string? Citation { get; init; }
    /// <summary>Known quirks.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Total items of a split.</summary>
    public int Count(string split) => Splits.TryGetValue(split, out var c) ? c.Values.Sum() : 0;

    /// <summary>The JSON options of the catalog files (snake_case).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The dataset catalog: every manifest in datasets/, embedded in the library.</summary>
public static class DatasetCatalog
{
    static readonly Lazy<IReadOnlyList<DatasetManifest>> All = new(LoadEmbedded);

    /// <summary>Every dataset the kit knows.</summary>
    public static IReadOnlyList<DatasetManifest> Datasets => All.Value;

    /// <summary>A manifest by name, or an error listing the names.</summary>
    public static DatasetManifest Get(string name) =>
        Datasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No dataset named '{name}' in the catalog. Known: {string.Join(", ", Datasets.Select(d => d.Name))}. " +
                                       "For your own images use --data DIR instead.", nameof(name));

    /// <summary>Parses one manifest.</summary>
    public static DatasetManifest Parse(string json, string origin) =>
        JsonSerializer.Deserialize<DatasetManifest>(json, DatasetManifest.JsonOptions)
        ?? throw new InvalidDataException($"{origin} is empty.");

    static IReadOnlyList<DatasetManifest> LoadEmbedded()
    {
        var asm = typeof(DatasetCatalog).Assembly;
        var list = new List<DatasetManifest>();
        foreach (var res in asm.GetManifestResourceNames().Where(n => n.StartsWith("TransferGuide.datasets.", StringComparison.Ordinal)).Order())
        {
            using var stream = asm.GetManifestResourceStream(res)!;
            using var reader = new StreamReader(stream);
            list.Add(Parse(reader.ReadToEnd(), res));
        }
        return list;
    }
}
