using TransferGuide.Data.Text;

namespace TransferGuide.Augment.Text;

/// <summary>
/// Inserts up to <see cref="TextAugmenter.Fraction"/> × words new words, each a WordNet synonym of a random
/// content word of the sentence, at a random position. The original words keep their order.
/// </summary>
/// <param name="WordNet">The synonym source.</param>
/// <param name="Fraction">Largest number of insertions, as a share of the sentence's words.</param>
public sealed record RandomInsertion(WordNet WordNet, double Fraction = 0.1) : TextAugmenter(Fraction)
{
    /// <summary>Random content words tried before giving up on one insertion (EDA uses 10).</summary>
    public int Attempts { get; init; } = 10;

    /// <inheritdoc />
    public override IReadOnlyList<string> Augment(IReadOnlyList<string> words, Random random)
    {
        var result = words.ToList();
        int budget = Budget(words.Count);
        var candidates = words.Where(IsContentWord).ToArray();
        if (candidates.Length == 0) return result;
        for (int n = 0; n < budget; n++)
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                var synonyms = WordNet.Synonyms(candidates[random.Next(candidates.Length)], singleWordsOnly: true);
                if (synonyms.Count == 0) continue;
                result.Insert(random.Next(result.Count + 1), synonyms[random.Next(synonyms.Count)]);
                break;
            }
        return result;
    }
}
