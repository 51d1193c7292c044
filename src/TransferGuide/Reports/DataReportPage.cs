using System.Globalization;
using TransferGuide.Augment;
using TransferGuide.Charts;
using TransferGuide.Data;

namespace TransferGuide.Reports;

/// <summary>The data-cleaning report as a self-contained HTML page: summary, class balance, duplicates with thumbnails, unreadable and tiny files.</summary>
public static class DataReportPage
{
    /// <summary>Pairs shown with thumbnails; the table lists them all.</summary>
    public const int PairsWithThumbnails = 30;

    /// <summary>Builds the page.</summary>
    public static HtmlReport Create(DataCleaningReport report)
    {
        var page = new HtmlReport($"Data report: {report.Dataset}");
        string Rel(string path) => Path.GetRelativePath(report.Root, path);
        var cross = report.CrossSplit;
        var leaked = report.LeakedItems();
        page.KeyValues([
            ("dataset", report.Dataset),
            ("folder", report.Root),
            ("usable images", report.Images.ToString(CultureInfo.InvariantCulture)),
            ("classes", $"{report.Classes.Count}: {string.Join(", ", report.Classes)}"),
            ("splits", string.Join(", ", report.ClassCounts.Select(s => $"{s.Key} {s.Value.Values.Sum()}"))),
            ("exact duplicate pairs", report.Duplicates.Count(d => d.Kind == DuplicatePair.Exact).ToString(CultureInfo.InvariantCulture)),
            ("near duplicate pairs", report.Duplicates.Count(d => d.Kind == DuplicatePair.Near).ToString(CultureInfo.InvariantCulture)),
            ("pairs across splits", cross.Count.ToString(CultureInfo.InvariantCulture)),
            ("held-out items that duplicate a training item", leaked.Count.ToString(CultureInfo.InvariantCulture)),
            ("pairs with different labels", report.Duplicates.Count(d => d.LabelConflict).ToString(CultureInfo.InvariantCulture)),
            ("unreadable or non-image files", report.Unreadable.Count.ToString(CultureInfo.InvariantCulture)),
            ($"tiny images (shorter side < {report.Options.MinSide} px)", report.Tiny.Count.ToString(CultureInfo.InvariantCulture)),
            ("largest / smallest class", double.IsFinite(report.ImbalanceRatio) ? report.ImbalanceRatio.ToString("F2", CultureInfo.InvariantCulture) : "a class is empty"),
            ("near-duplicate rule", $"DCT hash ≤ {report.Options.MaxPHashDistance} bits, difference hash ≤ {report.Options.MaxDHashDistance} bits, 16x16 thumbnail difference ≤ {report.Options.MaxThumbnailDifference}"),
            ("analysis time", $"{report.Seconds:F1} s"),
        ]);

        if (report.KnownList is { } known)
        {
            page.Heading("Against the dataset's own list");
            page.Paragraph($"{Path.GetFileName(known.ListFile)} lists {known.Listed} pairs ({known.ListedCrossSplit} across splits). " +
                           $"This report found {known.Found} of them ({known.FoundCrossSplit} of the {known.ListedCrossSplit} across splits), " +
                           $"and {known.NotListed.Count} pair(s) the list lacks ({known.NotListedCrossSplit} across splits).");
            if (known.Missed.Count > 0) page.Table(["missed: file a", "file b"], known.Missed.Select(m => (IReadOnlyList<string>)m));
            if (known.NotListed.Count > 0) page.Table(["not in the list: file a", "file b"], known.NotListed.Select(m => (IReadOnlyList<string>)m));
        }

        page.Heading("Class balance");
        page.Chart(ClassBalanceChart.Create(report.ClassCounts, report.Classes));

        if (report.PreviewImage is { } preview)
        {
            page.Heading("Augmentation preview");
            page.Paragraph("One training image and what the kit's strong training augmentation makes of it (crop, flip, " +
                           "rotation/shift/zoom, colour jitter, gray, random erasing). Each epoch draws new versions.");
            try { page.Chart(AugmentationGallery.Create(preview, Transforms.Strong(Data.Preprocessing.CntkResNet), count: 9)); }
            catch (ImageDecodeException e) { page.Paragraph($"No preview: {e.Message}"); }
        }

        page.Heading("Duplicates");
        if (report.Duplicates.Count == 0) page.Paragraph("No exact or near duplicates.");
        else
        {
            if (leaked.Count > 0)
                page.Paragraph($"{leaked.Count} held-out item(s) duplicate a training item, so held-out accuracy counts them as seen. " +
                               "Drop them with `tg data report ... --write-leaks leaks.txt` (the list of files) or, in code, " +
                               "`report.WithoutLeaks(data)`.");
            foreach (var d in report.Duplicates.Take(PairsWithThumbnails))
                page.Images([(Caption(d, d.PathA, d.SplitA, d.ClassA, Rel), Thumb(d.PathA)), (Caption(d, d.PathB, d.SplitB, d.ClassB, Rel), Thumb(d.PathB))]);
            page.Table(["kind", "across splits", "file a", "file b", "classes", "DCT hash", "diff. hash", "thumb. diff."],
                report.Duplicates.Select(d => (IReadOnlyList<string>)[
                    d.Kind, d.CrossSplit ? "yes" : "no", Rel(d.PathA), Rel(d.PathB),
                    d.LabelConflict ? $"{d.ClassA} ≠ {d.ClassB}" : d.ClassA,
                    d.PHashDistance.ToString(CultureInfo.InvariantCulture), d.DHashDistance.ToString(CultureInfo.InvariantCulture),
                    d.ThumbnailDifference.ToString("F2", CultureInfo.InvariantCulture)]));
        }

        page.Heading("Unreadable or non-image files");
        if (report.Unreadable.Count == 0) page.Paragraph("None: every file decoded.");
        else page.Table(["file", "why"], report.Unreadable.Select(s => (IReadOnlyList<string>)[Rel(s.Path), s.Reason]));

        page.Heading("Tiny images");
        if (report.Tiny.Count == 0) page.Paragraph($"None below {report.Options.MinSide} px.");
        else page.Table(["file", "size"], report.Tiny.Select(t => (IReadOnlyList<string>)[Rel(t.Path), $"{t.Width}x{t.Height}"]));
        return page;
    }

    static string Caption(DuplicatePair d, string path, string split, string cls, Func<string, string> rel) =>
        $"{d.Kind}{(d.CrossSplit ? ", across splits" : "")}: {rel(path)} ({split}, {cls})";

    static string Thumb(string path)
    {
        try
        {
            using var image = ImageDecoder.LoadRgb(path);
            return ImageGrid.DataUri(image, 160);
        }
        catch (ImageDecodeException)
        {
            return "data:image/gif;base64,R0lGODlhAQABAAAAACw="; // a blank pixel: the file vanished or changed since the analysis
        }
    }
}
