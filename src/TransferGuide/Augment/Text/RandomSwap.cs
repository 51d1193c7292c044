namespace TransferGuide.Augment.Text;

/// <summary>
/// Swaps pairs of words at random positions. Each swap moves two words, so it makes
/// <see cref="TextAugmenter.Fraction"/> × words / 2 swaps (rounded down) of distinct positions, and no more
/// than the fraction of positions changes.
/// </summary>
/// <param name="Fraction">Largest share of word positions to change, e.g. 0.2 for one swap per ten words.</param>
public sealed record RandomSwap(double Fraction = 0.2) : TextAugmenter(Fraction)
{
    /// <inheritdoc />
    public override IReadOnlyList<string> Augment(IReadOnlyList<string> words, Random random)
    {
        var result = words.ToArray();
        int swaps = Budget(words.Count) / 2;
        if (swaps == 0) return result;
        var positions = Enumerable.Range(0, words.Count).ToArray();
        random.Shuffle(positions);
        for (int s = 0; s < swaps; s++)
            (result[positions[2 * s]], result[positions[2 * s + 1]]) = (result[positions[2 * s + 1]], result[positions[2 * s]]);
        return result;
    }
}
