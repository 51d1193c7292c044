namespace TransferGuide.Augment.Text;

/// <summary>
/// Deletes <see cref="TextAugmenter.Fraction"/> × words (rounded down) words at random positions, and
/// always leaves at least one word.
/// </summary>
/// <param name="Fraction">Share of words to delete, e.g. 0.1.</param>
public sealed record RandomDeletion(double Fraction = 0.1) : TextAugmenter(Fraction)
{
    /// <inheritdoc />
    public override IReadOnlyList<string> Augment(IReadOnlyList<string> words, Random random)
    {
        int delete = Math.Min(Budget(words.Count), Math.Max(0, words.Count - 1));
        if (delete == 0) return words.ToArray();
        var positions = Enumerable.Range(0, words.Count).ToArray();
        random.Shuffle(positions);
        var gone = positions.Take(delete).ToHashSet();
        return words.Where((_, i) => !gone.Contains(i)).ToArray();
    }
}
