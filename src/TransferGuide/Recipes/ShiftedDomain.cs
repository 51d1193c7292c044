using TransferGuide.Augment.Corruptions;
using TransferGuide.Data;

namespace TransferGuide.Recipes;

/// <summary>
/// A target domain made on demand: an ImageNet-C-style corrupted copy of a dataset (<see cref="CorruptedFolder"/>), kept
/// under the user cache so the second call returns at once. Quick mode copies only a few images per class and split.
/// </summary>
public static class ShiftedDomain
{
    /// <summary>
    /// The folder of the corrupted copy of <paramref name="dataset"/> (or <paramref name="folder"/>): the same splits,
    /// classes and file names, each image corrupted with <paramref name="corruption"/> at <paramref name="severity"/>.
    /// Made once, then reused (an interrupted copy resumes).
    /// </summary>
    /// <param name="dataset">Catalog dataset, used when <paramref name="folder"/> is null.</param>
    /// <param name="folder">A class-folder tree.</param>
    /// <param name="corruption">gaussian_noise, gaussian_blur, fog, contrast, jpeg or pixelate.</param>
    /// <param name="severity">1 (mild) to 5 (strong).</param>
    /// <param name="perClass">Quick mode: at most this many images per class in each split (drawn with <paramref name="seed"/>); null for all.</param>
    /// <param name="seed">Seed of the corruption's random draws and of the quick-mode subset.</param>
    /// <param name="root">Where copies go; null for &lt;user cache&gt;/shifted.</param>
    /// <param name="progress">Receives the number of images written so far.</param>
    /// <param name="cancel">Stops after the images in progress.</param>
    public static string Make(string? dataset, string? folder, string corruption, int severity, int? perClass = null, int seed = 42,
        string? root = null, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var data = Datasets.Load(dataset, folder, new DatasetLoadOptions(AllowDownload: false));
        if (perClass is { } n)
        {
            var random = new Random(seed);
            var kept = data.Items.GroupBy(i => (i.Split, i.Label)).SelectMany(g => g.OrderBy(_ => random.Next()).Take(n)).ToHashSet();
            data = data with { Items = data.Items.Where(kept.Contains).ToList() };
        }
        // The source's tag in the name: a cache is keyed by every input, so a second checkout of the datasets (another
        // path) makes its own copy instead of meeting one whose settings name the first.
        var name = $"{data.Name}-{Corruptions.Canonical(corruption)}{severity}-seed{seed}" + (perClass is { } k ? $"-{k}-per-class" : "") +
                   $"-{CorruptedFolder.SourceTag(data.Root)}";
        var outDir = Path.Combine(root ?? Path.Combine(DatasetResolver.CacheRoot(), "shifted"), name);
        return CorruptedFolder.Write(data, outDir, corruption, severity, seed, progress, cancel).Root;
    }
}
