using System.Diagnostics;
using System.Text.Json;
using TransferGuide.Augment.Audio;
using TransferGuide.Core;
using TransferGuide.Core.Native;
using TransferGuide.Data;
using TransferGuide.Data.Audio;
using TransferGuide.Evaluation;
using TransferGuide.Models;
using TransferGuide.Monitoring;
using TransferGuide.Reports;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>What a bias check produced.</summary>
/// <param name="Folder">The run folder (metrics.json, report.html).</param>
/// <param name="Representation">Who is in the data the heads saw (after any thinning).</param>
/// <param name="Comparison">Per-group accuracy of the baseline and of each mitigation.</param>
/// <param name="UnderRepresented">The groups thinned out on purpose.</param>
/// <param name="GroupSource">Where the groups came from, in words.</param>
/// <param name="WallSeconds">Time of the whole run.</param>
public sealed record BiasRunResult(RunFolder Folder, RepresentationReport Representation, BiasComparison Comparison,
    IReadOnlyList<UnderRepresentation> UnderRepresented, string GroupSource, double WallSeconds);

/// <summary>
/// <c>tg bias</c>: a bias check on sound. The groups are the speakers in fsdd's file names (or a CSV of item and group);
/// a speaker can be thinned out of training on purpose to see what under-representation costs. The recipe reports who is
/// in the data, trains a linear head on frozen ImageNet ResNet18 features of the spectrograms (cached on disk) without
/// mitigation and with each mitigation, same features and seed, and reports each group's test accuracy and the gap
/// between the best and the worst group, whether or not the mitigation helps.
/// </summary>
public static class BiasRecipe
{
    /// <summary>Runs the check.</summary>
    /// <exception cref="ArgumentException">An unknown group to thin out (the known ones are listed), or clips whose names say no speaker and no group file.</exception>
    /// <exception cref="GroupFileException">The group file cannot be used.</exception>
    /// <exception cref="DataLayoutException">A missing folder, or a class without a readable WAV.</exception>
    public static BiasRunResult Run(BiasRunOptions options, RecipeProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RecipeProgress();
        var clock = Stopwatch.StartNew();
        if (options.InputSize is < 32 or > 512) throw new ArgumentException($"Input size {options.InputSize}: use 32 to 512 pixels.");
        RunFolder.CheckWritable(options.RunsRoot);
        var data = AudioData.Load(options.Dataset, options.DataDir, options.Seed, log: progress.Log);
        var s = data.Splits;
        if (options.ClipsPerClass is { } k)
        {
            IReadOnlyList<DataItem> Take(IReadOnlyList<DataItem> items) => FewLabels.PerClass(items, k, options.Seed, data.Classes);
            s = s with { Train = Take(s.Train), Valid = Take(s.Valid), Test = Take(s.Test) };
            progress.Log?.Invoke($"trimmed to at most {k} clips per class and split: {s.Train.Count} training, {s.Valid.Count} validation, {s.Test.Count} test");
        }
        var everything = s.Train.Concat(s.Valid).Concat(s.Test).ToList();
        var (groupOf, source, word) = Groups(everything, data.Root, options.GroupsFile);
        var gaps = options.UnderRepresent ?? [];
        var train = UnderRepresentation.Apply(s.Train, groupOf, gaps, options.Seed, word);
        foreach (var g in gaps) progress.Log?.Invoke($"under-represented on purpose: {train.Count(i => groupOf(i) == g.Group)} training clip(s) of {word} {g.Group} kept");
        var used = train.Concat(s.Valid).Concat(s.Test).ToList();
        var representation = Representation.Of(used, groupOf, data.Classes, options.TinyCell);
        progress.Log?.Invoke(representation.Summary());
        TorchRuntime.EnsureLoaded();

        var settings = new AudioInputSettings(Spectrogram: AudioTrainRecipe.DefaultSpectrogram).WithSize(options.InputSize).Resolved();
        // Every clip once, before any thinning, so each experiment on this data reuses the same cached features.
        var all = AudioFeatures.Extract(everything, settings, data.Report, options.UseCache ? FeatureCache.Default() : null, options.BatchSize, progress.Work, cancel);
        List<DataItem> Grouped(IEnumerable<DataItem> items) => items.Where(i => groupOf(i) != null).ToList();
        var (trainF, validF, testF) = (AudioFeatures.Select(all, Grouped(train)), AudioFeatures.Select(all, Grouped(s.Valid)), AudioFeatures.Select(all, Grouped(s.Test)));
        var byPath = everything.ToDictionary(i => i.Path, i => groupOf(i)!, StringComparer.Ordinal);
        var head = new HeadOptions(Epochs: options.Epochs, BatchSize: options.BatchSize, Seed: options.Seed);
        var comparison = BiasCheck.Compare(trainF, trainF.Paths.Select(p => byPath[p]).ToList(), testF, testF.Paths.Select(p => byPath[p]).ToList(),
            data.Classes, new BiasOptions(options.Mitigations, head), validF, progress.Log, cancel, progress.Work);

        var folder = RunFolder.Create(options.RunsRoot);
        var result = new BiasRunResult(folder, representation, comparison, gaps, source, clock.Elapsed.TotalSeconds);
        AtomicFile.WriteText(folder.Metrics, JsonSerializer.Serialize(Metrics(result, data, options), JsonDefaults.SnakeCase));
        string gapWords = gaps.Count == 0 ? "none" : string.Join(", ", gaps.Select(g => $"{g.Group}: {g.Keep} clip(s) kept"));
        BiasReportPage.Create($"Bias check: {data.Name}, groups = {word}s", [
            ("dataset", $"{data.Name} ({data.Root})"), ("groups", source), ("thinned out of training on purpose", gapWords),
            ("model", $"linear head on frozen {ModelZoo.ResNet18ImageNet} features of {options.InputSize} px spectrograms"),
            ("head", $"{options.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}"),
            ("test split", $"{s.TestName}, {testF.Count} clips"), ("wall time", $"{result.WallSeconds:F1} s"),
        ], representation, comparison).Save(folder.Report);
        return result;
    }

    /// <summary>The group of each item: from the group file, else the speaker in the file name.</summary>
    static (Func<DataItem, string?> GroupOf, string Source, string Word) Groups(IReadOnlyList<DataItem> items, string root, string? groupsFile)
    {
        if (groupsFile != null)
        {
            var assigned = GroupAssignments.Load(groupsFile).Assign(items.Select(i => i.Path).ToList(), root).Groups;
            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i++) map[items[i].Path] = assigned[i];
            if (map.Values.All(g => g == null))
                throw new GroupFileException($"{groupsFile} names none of the {items.Count} clips under {root}. List clips by path (relative to the data folder) or by file name.");
            return (i => map.GetValueOrDefault(i.Path), $"the group file {Path.GetFullPath(groupsFile)}", "group");
        }
        var nameless = items.FirstOrDefault(i => SpeakerGroups.SpeakerOf(i.Path) == null);
        if (nameless != null)
            throw new ArgumentException($"{nameless.Path}: the file name does not say who speaks. Name clips <label>_<speaker>_<index>.wav (as fsdd does), " +
                                        "or give --groups groups.csv with one 'item,group' line per clip.");
        return (i => SpeakerGroups.SpeakerOf(i.Path), "the speaker in each file name (<label>_<speaker>_<index>.wav)", "speaker");
    }

    static object Metrics(BiasRunResult r, AudioSplits data, BiasRunOptions o)
    {
        var rep = r.Representation;
        static object Cell(GroupClassCell c) => new { split = c.Split, group = c.Group, @class = c.Class, count = c.Count };
        return new
        {
            dataset = data.Name, recipe = "bias-audio-extract", model = ModelZoo.ResNet18ImageNet, seed = o.Seed, input_size = o.InputSize, epochs = o.Epochs,
            groups_from = r.GroupSource, under_represented = r.UnderRepresented.Select(g => new { group = g.Group, keep = g.Keep }),
            representation = new
            {
                focus_split = rep.FocusSplit, ungrouped = rep.Ungrouped, tiny_cell = rep.TinyCell,
                largest_group = rep.Largest.Group, smallest_group = rep.Smallest.Group,
                largest_to_smallest = double.IsFinite(rep.LargestToSmallest) ? rep.LargestToSmallest : (double?)null,
                groups = rep.Groups.Select(g => new { group = g.Group, count = g.Count, share = g.Share, by_split = g.BySplit, share_by_split = g.ShareBySplit }),
                under_represented_groups = rep.UnderRepresented.Select(g => g.Group),
                empty_cells = rep.EmptyCells.Select(Cell), tiny_cells = rep.TinyCells.Select(Cell), summary = rep.Summary(),
            },
            results = r.Comparison.Results.Select(x => new
            {
                mitigation = x.Name, accuracy = x.Accuracy, macro_f1 = x.MacroF1, worst_group = x.Worst.Group, worst_group_accuracy = x.Worst.Accuracy,
                best_group = x.Best.Group, best_group_accuracy = x.Best.Accuracy, gap = x.Gap,
                groups = x.Groups.Select(g => new { group = g.Group, train_count = g.TrainCount, test_count = g.TestCount, accuracy = g.Accuracy }),
            }),
            summary = r.Comparison.Summary(), skipped_clips = data.Report.Skipped.Select(k => $"{k.Path}: {k.Reason}"), wall_seconds = r.WallSeconds,
        };
    }
}
