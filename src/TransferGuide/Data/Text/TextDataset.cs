using TransferGuide.Data;

namespace TransferGuide.Data.Text;

/// <summary>A text-classification dataset: class names, labelled examples and their splits.</summary>
/// <param name="Name">Catalog name, or the file's name.</param>
/// <param name="Root">The folder it was read from.</param>
/// <param name="Classes">Label values as they appear in the files; labels index into this list.</param>
/// <param name="ClassNames">Readable names of the classes (e.g. negative, positive), same order as <paramref name="Classes"/>.</param>
/// <param name="Items">Every example, file by file in line order.</param>
public sealed record TextDataset(string Name, string Root, IReadOnlyList<string> Classes, IReadOnlyList<string> ClassNames, IReadOnlyList<TextExample> Items)
{
    /// <summary>Examples of one split.</summary>
    public IReadOnlyList<TextExample> Split(string split) => Items.Where(i => i.Split == split).ToList();

    /// <summary>The split names present, in file order.</summary>
    public IReadOnlyList<string> Splits => Items.Select(i => i.Split).Distinct().ToList();

    /// <summary>Examples per class, in class order.</summary>
    public IReadOnlyList<int> ClassCounts(string? split = null) =>
        Enumerable.Range(0, Classes.Count).Select(c => Items.Count(i => i.Label == c && (split == null || i.Split == split))).ToList();

    /// <summary>
    /// Keeps the first occurrence of each exact text (same label or not) and drops the repeats, so that
    /// repeats cannot leak between splits made afterwards. Texts are compared as loaded (trimmed): sms_spam
    /// has 403 byte-for-byte repeats and 11 more that differ only in surrounding spaces.
    /// </summary>
    public TextDataset Deduplicate(out IReadOnlyList<TextExample> dropped)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<TextExample>();
        var gone = new List<TextExample>();
        foreach (var item in Items) (seen.Add(item.Text) ? kept : gone).Add(item);
        dropped = gone;
        return this with { Items = kept };
    }

    /// <summary>
    /// A stratified split of all examples: about <paramref name="fraction"/> of each class goes to
    /// <paramref name="heldOutName"/>, the rest to "train", reproducibly for <paramref name="seed"/>
    /// (the same <see cref="StratifiedSplit"/> the image loaders use).
    /// </summary>
    public TextDataset StratifiedSplit(double fraction, int seed, string heldOutName = "test")
    {
        var byId = Items.ToDictionary(i => i.Id);
        if (byId.Count != Items.Count)
            throw new InvalidOperationException("Examples need distinct file:line ids to be split; examples made in code should carry distinct Line numbers.");
        var split = Data.StratifiedSplit.Split(Items.Select(i => new DataItem(i.Id, i.Label, i.Split)).ToList(), fraction, seed, heldOutName);
        var assigned = split.ToDictionary(d => d.Path, d => d.Split);
        return this with { Items = Items.Select(i => i with { Split = assigned[i.Id] }).ToList() };
    }
}
