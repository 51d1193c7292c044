using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferGuide.Data;

/// <summary>
/// What the cleaning pass found in a dataset: exact and near duplicates (within and across splits), files
/// that are not usable images, tiny images and the class balance. It can drop leaked items from the held-out
/// splits (<see cref="WithoutLeaks"/>). Saved as JSON by <see cref="Save"/>; drawn as HTML by
/// <c>Reports.DataReportPage</c>.
/// </summary>
public sealed record DataCleaningReport
{
    /// <summary>Dataset name.</summary>
    public required string Dataset { get; init; }
    /// <summary>The folder analysed.</summary>
    public required string Root { get; init; }
    /// <summary>Class names, in label order.</summary>
    public required IReadOnlyList<string> Classes { get; init; }
    /// <summary>Usable images analysed.</summary>
    public required int Images { get; init; }
    /// <summary>Split → class → usable images.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ClassCounts { get; init; }
    /// <summary>Every duplicate pair, exact first, then cross-split first, then by path.</summary>
    public required IReadOnlyList<DuplicatePair> Duplicates { get; init; }
    /// <summary>Files skipped: not images, corrupt, truncated, over the pixel cap.</summary>
    public required IReadOnlyList<SkippedFile> Unreadable { get; init; }
    /// <summary>Images below the minimum side.</summary>
    public required IReadOnlyList<TinyImage> Tiny { get; init; }
    /// <summary>The thresholds used.</summary>
    public required CleaningOptions Options { get; init; }
    /// <summary>Seconds the analysis took.</summary>
    public double Seconds { get; init; }
    /// <summary>The dataset's own list of known near duplicates checked against what was found, when it ships one.</summary>
    public KnownDuplicateCheck? KnownList { get; init; }

    /// <summary>A training image to preview augmentation on (null: none).</summary>
    public string? PreviewImage { get; init; }

    /// <summary>Pairs whose two files sit in different splits.</summary>
    [JsonIgnore] public IReadOnlyList<DuplicatePair> CrossSplit => Duplicates.Where(d => d.CrossSplit).ToList();

    /// <summary>Largest class over smallest class, over all splits together (1 = balanced).</summary>
    [JsonIgnore]
    public double ImbalanceRatio
    {
        get
        {
            var totals = Classes.Select(c => ClassCounts.Values.Sum(s => s.GetValueOrDefault(c))).ToList();
            return totals.Count == 0 || totals.Min() == 0 ? double.PositiveInfinity : (double)totals.Max() / totals.Min();
        }
    }

    /// <summary>
    /// Held-out files that duplicate a training file: results measured on them are inflated. Held-out means
    /// every split but <paramref name="trainSplit"/>, or only <paramref name="evaluationSplit"/> when given.
    /// </summary>
    public IReadOnlyList<string> LeakedItems(string? evaluationSplit = null, string trainSplit = "train")
    {
        bool Held(string split) => split != trainSplit && (evaluationSplit == null || split == evaluationSplit);
        var leaked = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var d in Duplicates)
        {
            if (d.SplitA == trainSplit && Held(d.SplitB)) leaked.Add(d.PathB);
            if (d.SplitB == trainSplit && Held(d.SplitA)) leaked.Add(d.PathA);
        }
        return leaked.ToList();
    }

    /// <summary>
    /// <paramref name="data"/> without its leaked held-out items (see <see cref="LeakedItems"/>); each dropped
    /// file is listed in the returned dataset's load report with the training file it duplicates.
    /// </summary>
    public ImageDataset WithoutLeaks(ImageDataset data, string? evaluationSplit = null, string trainSplit = "train")
    {
        var leaked = LeakedItems(evaluationSplit, trainSplit).ToHashSet(StringComparer.Ordinal);
        var report = new LoadReport();
        foreach (var s in data.Report.Skipped) report.Skip(s.Path, s.Reason);
        foreach (var path in leaked)
        {
            var twin = Duplicates.First(d => d.PathA == path || d.PathB == path);
            var other = twin.PathA == path ? twin.PathB : twin.PathA;
            report.Skip(path, $"{twin.Kind} duplicate of {other}; dropped from the held-out split so it cannot inflate the result");
        }
        return data with { Items = data.Items.Where(i => !leaked.Contains(i.Path)).ToList(), Report = report };
    }

    /// <summary>The JSON options of saved reports (snake_case, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as JSON: every duplicate pair with both paths, its kind and whether it crosses splits.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes <see cref="ToJson"/> atomically.</summary>
    public void Save(string path) => Core.AtomicFile.WriteText(path, ToJson());

    /// <summary>Reads a saved report.</summary>
    public static DataCleaningReport Load(string path) =>
        JsonSerializer.Deserialize<DataCleaningReport>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} holds no cleaning report.");
}
