using TransferGuide.Data;
using TransferGuide.Data.Text;

namespace TransferGuide.Recipes;

/// <summary>A text dataset cut into the splits a run uses.</summary>
/// <param name="Name">Dataset name.</param>
/// <param name="Classes">Readable class names, in label order.</param>
/// <param name="Train">Texts to train on.</param>
/// <param name="Valid">Texts watched during training (never used to choose anything the test split reports).</param>
/// <param name="ValidName">Name of <paramref name="Valid"/>'s split.</param>
/// <param name="Test">Texts of the final evaluation.</param>
/// <param name="TestName">Name of <paramref name="Test"/>'s split.</param>
/// <param name="DroppedRepeats">Exact repeats dropped before splitting (so that they cannot leak between splits).</param>
public sealed record TextSplits(string Name, IReadOnlyList<string> Classes, IReadOnlyList<TextExample> Train, IReadOnlyList<TextExample> Valid,
    string ValidName, IReadOnlyList<TextExample> Test, string TestName, int DroppedRepeats)
{
    /// <summary>Every text of the three splits.</summary>
    public IEnumerable<TextExample> All => Train.Concat(Valid).Concat(Test);
}

/// <summary>
/// Loads the texts of a run: a catalog dataset (its own train/dev/test files, as sst2 has) or a <c>label&lt;TAB&gt;text</c>
/// file of your own. Data without splits (sms_spam, your file) loses its exact repeats, then splits per class with
/// the seed: 20% test, and 10% of the rest for validation.
/// </summary>
public static class TextData
{
    /// <summary>Whether the catalog says <paramref name="name"/> is a text dataset.</summary>
    public static bool IsTextDataset(string? name) =>
        DatasetCatalog.Datasets.FirstOrDefault(d => d.Name == name)?.Modality == "text";

    /// <summary>The splits of catalog dataset <paramref name="dataset"/>, or of <paramref name="file"/> when given.</summary>
    /// <exception cref="TextFormatException">The file has a line that cannot be read; the message names the file and line.</exception>
    public static TextSplits Load(string? dataset, string? file, int seed, Action<string>? log = null)
    {
        var data = file != null ? TextDatasets.LoadFile(file, LabelsIn(file)) : TextDatasets.Load(dataset ?? throw new ArgumentException("Name a text dataset or a file."));
        var splits = data.Splits;
        int dropped = 0;
        if (!splits.Contains("test"))
        {
            data = data.Deduplicate(out var repeats);
            dropped = repeats.Count;
            data = data.StratifiedSplit(0.2, seed, "test");
        }
        var test = data.Split("test");
        var validName = splits.Contains("dev") ? "dev" : splits.Contains("val") ? "val" : null;
        IReadOnlyList<TextExample> train, valid;
        if (validName != null) { train = data.Split("train"); valid = data.Split(validName); }
        else
        {
            var rest = (data with { Items = data.Split("train") }).StratifiedSplit(0.1, seed, "val");
            validName = "val";
            train = rest.Split("train"); valid = rest.Split("val");
        }
        if (train.Count == 0) throw new InvalidDataException($"{data.Name} has no training texts after splitting. Give it more lines.");
        log?.Invoke($"{data.Name}: {data.Classes.Count} classes ({string.Join(", ", data.ClassNames)}), {train.Count} training, " +
                    $"{valid.Count} {validName} and {test.Count} test texts" + (dropped > 0 ? $"; {dropped} exact repeats dropped before splitting" : ""));
        return new TextSplits(data.Name, data.ClassNames, train, valid, validName, test, "test", dropped);
    }

    /// <summary>
    /// The label values of a label-tab-text file, sorted: what its classes are when no catalog lists them. Lines that
    /// cannot be read are left to <see cref="LabelTabText"/>, which names them.
    /// </summary>
    public static IReadOnlyList<string> LabelsIn(string file)
    {
        if (!File.Exists(file))
            throw new FileNotFoundException($"Text file {Path.GetFullPath(file)} does not exist. Pass a file of LABEL<TAB>TEXT lines with --data.", file);
        var labels = File.ReadLines(file).Select(l => l.IndexOf('\t') is var tab and > 0 ? l[..tab].Trim() : null)
            .OfType<string>().Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labels.Count < 2)
            throw new TextFormatException($"{Path.GetFullPath(file)} has {labels.Count} label value(s); a classifier needs at least two. Each line must be LABEL<TAB>TEXT.");
        return labels;
    }
}
