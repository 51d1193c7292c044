using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Reports;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>Options of <see cref="DataReport.Run"/>.</summary>
/// <param name="Dataset">Catalog dataset (used when <paramref name="DataDir"/> is null).</param>
/// <param name="DataDir">A folder of class folders instead of a catalog dataset.</param>
/// <param name="RunsRoot">Where the run folder goes.</param>
/// <param name="Cleaning">Thresholds.</param>
/// <param name="LeaksFile">When set, the held-out files that duplicate a training file are written here, one path a line.</param>
/// <param name="EvaluationSplit">Only this held-out split counts for leaks (null: every split but train).</param>
public sealed record DataReportOptions(string Dataset = "hymenoptera_data", string? DataDir = null, string RunsRoot = "runs",
    CleaningOptions? Cleaning = null, string? LeaksFile = null, string? EvaluationSplit = null);

/// <summary>What <see cref="DataReport.Run"/> made.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Report">The findings.</param>
/// <param name="JsonPath">data_report.json.</param>
/// <param name="HtmlPath">report.html.</param>
/// <param name="Leaked">Held-out files that duplicate a training file.</param>
public sealed record DataReportResult(RunFolder Folder, DataCleaningReport Report, string JsonPath, string HtmlPath, IReadOnlyList<string> Leaked);

/// <summary>The data-cleaning recipe behind <c>tg data report</c>: load, analyse, write HTML and JSON into a run folder.</summary>
public static class DataReport
{
    /// <summary>File name of the JSON report in the run folder.</summary>
    public const string JsonFile = "data_report.json";

    /// <summary>Runs the analysis and writes the report.</summary>
    public static DataReportResult Run(DataReportOptions options, IProgress<WorkProgress>? progress = null, Action<string>? log = null, CancellationToken cancel = default)
    {
        RunFolder.CheckWritable(options.RunsRoot);
        var data = Load(options, log);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = DataCleaner.Analyse(data, options.Cleaning, progress == null ? null
            : new ActionProgress<(int Done, int Total)>(p => progress.Report(new WorkProgress("fingerprint images", p.Done, p.Total, p.Done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)))), cancel);
        var folder = RunFolder.Create(options.RunsRoot);
        var json = Path.Combine(folder.Path, JsonFile);
        report.Save(json);
        DataReportPage.Create(report).Save(folder.Report);
        var leaked = report.LeakedItems(options.EvaluationSplit);
        if (options.LeaksFile != null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(options.LeaksFile));
            if (dir != null) Directory.CreateDirectory(dir);
            AtomicFile.WriteText(options.LeaksFile, string.Concat(leaked.Select(l => l + "\n")));
        }
        return new DataReportResult(folder, report, json, folder.Report, leaked);
    }

    static ImageDataset Load(DataReportOptions options, Action<string>? log) =>
        Datasets.Load(options.Dataset, options.DataDir, new DatasetLoadOptions((options.Cleaning ?? new CleaningOptions()).MaxPixels, Log: log));
}
