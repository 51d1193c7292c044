using TransferGuide.Data.Text;

namespace TransferGuide.Augment.Text;

/// <summary>
/// The text augmentations a run can name (<c>tg train --text-augment</c>), by their command-line word or by the name a
/// run records, so a resumed run rebuilds the one it started with.
/// </summary>
public static class TextAugmentations
{
    /// <summary>The command-line words.</summary>
    public static IReadOnlyList<string> Words { get; } = ["none", "swap", "delete", "synonym", "insert"];

    /// <summary>
    /// The augmentation for <paramref name="name"/>: a word of <see cref="Words"/> or the name a run recorded
    /// ("random swap"); null for none.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static (string Name, Func<string, Random, string> Apply)? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "none" or "" => null,
        "swap" or "random swap" => ("random swap", new RandomSwap().Apply),
        "delete" or "random deletion" => ("random deletion", new RandomDeletion().Apply),
        "synonym" or "synonym replacement" => ("synonym replacement", new SynonymReplacement(WordNet.Default).Apply),
        "insert" or "random insertion" => ("random insertion", new RandomInsertion(WordNet.Default).Apply),
        _ => throw new ArgumentException($"Unknown --text-augment '{name}'. Use {string.Join(", ", Words.SkipLast(1))} or {Words[^1]}."),
    };
}
