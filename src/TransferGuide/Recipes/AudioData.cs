using TransferGuide.Data;
using TransferGuide.Data.Audio;

namespace TransferGuide.Recipes;

/// <summary>The clips of an audio run, cut into its splits.</summary>
/// <param name="Name">Dataset name (catalog name, or the folder's).</param>
/// <param name="Root">The folder the clips came from.</param>
/// <param name="Classes">Class names, in label order.</param>
/// <param name="Splits">Train, validation (every choice) and test (read once at the end).</param>
/// <param name="Report">Files skipped while scanning; clips that fail later (silent, undecodable) are added to it.</param>
/// <param name="HeldOutSpeaker">The speaker the test split holds when the run leaves one out; null for the dataset's own test split.</param>
public sealed record AudioSplits(string Name, string Root, IReadOnlyList<string> Classes, DataSplits Splits, LoadReport Report, string? HeldOutSpeaker);

/// <summary>
/// Loads the clips of an audio run: a catalog dataset (fsdd: its own train and test splits) or a folder of WAV class
/// folders. Validation is carved from the training clips, 10% of each class, seeded; a folder without a test split
/// gives 20% of each class to test as well. With a held-out speaker, every split is pooled first: the test split is that
/// speaker's clips and the others train (<see cref="SpeakerGroups.HoldOut"/>).
/// </summary>
public static class AudioData
{
    /// <summary>Fraction of each class's training clips watched as validation.</summary>
    public const double ValidFraction = 0.1;

    /// <summary>Whether the catalog says <paramref name="name"/> is an audio dataset.</summary>
    public static bool IsAudioDataset(string? name) =>
        DatasetCatalog.Datasets.FirstOrDefault(d => d.Name == name)?.Modality == "audio";

    /// <summary>Whether <paramref name="folder"/> holds WAV files (in class folders, perhaps under split folders) and no images.</summary>
    public static bool IsAudioFolder(string? folder)
    {
        if (folder == null || !Directory.Exists(folder)) return false;
        var files = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(folder, "*.wav", files).Any() || Directory.EnumerateFiles(folder, "*.WAV", files).Any();
    }

    /// <summary>The splits of catalog dataset <paramref name="dataset"/>, or of <paramref name="folder"/> when given.</summary>
    /// <exception cref="DataLayoutException">The folder is missing, has no class folders, or a class has no readable WAV (named).</exception>
    /// <exception cref="ArgumentException">The held-out speaker does not occur, or a clip's name says no speaker.</exception>
    public static AudioSplits Load(string? dataset, string? folder, int seed, string? holdoutSpeaker = null, Action<string>? log = null)
    {
        var data = folder != null ? AudioFolder.Load(folder) : AudioFolder.FromCatalog(dataset ?? throw new ArgumentException("Name an audio dataset or a folder."));
        IReadOnlyList<DataItem> train, test;
        string testName = "test";
        if (holdoutSpeaker != null)
        {
            var fold = SpeakerGroups.HoldOut(data.Items, holdoutSpeaker);
            train = fold.Train; test = fold.Test;
            testName = $"speaker {holdoutSpeaker}";
        }
        else if (data.Splits.Contains("test"))
        {
            train = data.Items.Where(i => i.Split != "test").Select(i => i with { Split = "train" }).ToList();
            test = data.Split("test");
        }
        else
        {
            var parts = StratifiedSplit.Split(data.Items, 0.2, seed, "test");
            train = parts.Where(i => i.Split == "train").ToList();
            test = parts.Where(i => i.Split == "test").ToList();
        }
        var carved = StratifiedSplit.Split(train, ValidFraction, seed, "val");
        var splits = new DataSplits(carved.Where(i => i.Split == "train").ToList(), carved.Where(i => i.Split == "val").ToList(), test, "val", testName,
            $"{ValidFraction:P0} of each class's training clips");
        if (splits.Train.Count == 0) throw new DataLayoutException($"{data.Root} leaves no training clips after splitting. Add recordings.");
        log?.Invoke($"{data.Name}: {data.Classes.Count} classes, {splits.Describe()}" +
                    (data.Report.Skipped.Count > 0 ? $"; {data.Report.Skipped.Count} file(s) skipped" : ""));
        return new AudioSplits(data.Name, data.Root, data.Classes, splits, data.Report, holdoutSpeaker);
    }
}
