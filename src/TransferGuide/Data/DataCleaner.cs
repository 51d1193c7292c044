using System.Diagnostics;

namespace TransferGuide.Data;

/// <summary>
/// The data-cleaning pass: decodes every image once (in parallel), fingerprints it, and finds exact
/// duplicates (same SHA-256), near duplicates (perceptual hashes confirmed by thumbnails), unreadable files,
/// tiny images and the class balance. <c>var report = DataCleaner.Analyse(data);</c>
/// </summary>
public static class DataCleaner
{
    /// <summary>Analyses a loaded dataset.</summary>
    /// <param name="data">The dataset (its load report supplies the files already skipped).</param>
    /// <param name="options">Thresholds; null for the defaults.</param>
    /// <param name="progress">Receives (images fingerprinted, total).</param>
    /// <param name="cancel">Stops between images.</param>
    public static DataCleaningReport Analyse(ImageDataset data, CleaningOptions? options = null,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        options ??= new CleaningOptions();
        var clock = Stopwatch.StartNew();
        var items = data.Items;
        var prints = new ImageFingerprint?[items.Count];
        var failures = new LoadReport();
        int done = 0;
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Workers ?? Environment.ProcessorCount, CancellationToken = cancel }, i =>
        {
            try { prints[i] = ImageFingerprint.Compute(items[i].Path, options.MaxPixels); }
            // A header that parses can still hide a truncated body: the full decode here finds those.
            catch (ImageDecodeException e) { failures.Skip(items[i].Path, e.Reason); }
            int n = Interlocked.Increment(ref done);
            if (progress != null && (n % 16 == 0 || n == items.Count)) progress.Report((n, items.Count));
        });

        var usable = Enumerable.Range(0, items.Count).Where(i => prints[i] != null).ToList();
        var duplicates = FindDuplicates(data, usable, prints!, options);
        var counts = data.Splits.ToDictionary(s => s, s => (IReadOnlyDictionary<string, int>)data.Classes.ToDictionary(
            c => c, c => usable.Count(i => items[i].Split == s && data.Classes[items[i].Label] == c)));
        var tiny = usable.Where(i => Math.Min(prints[i]!.Width, prints[i]!.Height) < options.MinSide)
            .Select(i => new TinyImage(items[i].Path, prints[i]!.Width, prints[i]!.Height)).ToList();
        var unreadable = data.Report.Skipped.Concat(failures.Skipped).OrderBy(s => s.Path, StringComparer.Ordinal).ToList();

        var listFile = Path.Combine(data.Root, KnownDuplicateCheck.FileName);
        return new DataCleaningReport
        {
            Dataset = data.Name, Root = data.Root, Classes = data.Classes, Images = usable.Count, ClassCounts = counts,
            Duplicates = duplicates, Unreadable = unreadable, Tiny = tiny, Options = options, Seconds = clock.Elapsed.TotalSeconds,
            KnownList = File.Exists(listFile) ? KnownDuplicateCheck.Compare(listFile, data.Root, duplicates) : null,
            PreviewImage = usable.Select(i => items[i]).OrderBy(i => i.Split == "train" ? 0 : 1).Select(i => i.Path).FirstOrDefault(),
        };
    }

    static List<DuplicatePair> FindDuplicates(ImageDataset data, List<int> usable, ImageFingerprint[] prints, CleaningOptions o)
    {
        var items = data.Items;
        var pairs = new List<DuplicatePair>();
        // All pairs: 64-bit popcounts are cheap enough for tens of thousands of images, and no pair is missed.
        for (int a = 0; a < usable.Count; a++)
        {
            var fa = prints[usable[a]];
            for (int b = a + 1; b < usable.Count; b++)
            {
                var fb = prints[usable[b]];
                bool exact = fa.Sha256 == fb.Sha256;
                int p = ImageFingerprint.Distance(fa.PHash, fb.PHash);
                if (!exact && p > o.MaxPHashDistance) continue;
                int d = ImageFingerprint.Distance(fa.DHash, fb.DHash);
                double t = ImageFingerprint.ThumbnailDifference(fa, fb);
                if (!exact && (d > o.MaxDHashDistance || t > o.MaxThumbnailDifference)) continue;
                var (ia, ib) = string.CompareOrdinal(items[usable[a]].Path, items[usable[b]].Path) <= 0 ? (usable[a], usable[b]) : (usable[b], usable[a]);
                pairs.Add(new DuplicatePair(items[ia].Path, items[ib].Path, items[ia].Split, items[ib].Split,
                    data.Classes[items[ia].Label], data.Classes[items[ib].Label],
                    exact ? DuplicatePair.Exact : DuplicatePair.Near, p, d, Math.Round(t, 2)));
            }
        }
        return pairs.OrderBy(x => x.Kind == DuplicatePair.Exact ? 0 : 1).ThenBy(x => x.CrossSplit ? 0 : 1)
            .ThenBy(x => x.PathA, StringComparer.Ordinal).ThenBy(x => x.PathB, StringComparer.Ordinal).ToList();
    }
}
