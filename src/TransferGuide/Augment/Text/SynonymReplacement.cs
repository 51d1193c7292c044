using TransferGuide.Data.Text;

namespace TransferGuide.Augment.Text;

/// <summary>
/// Replaces up to <see cref="TextAugmenter.Fraction"/> of the words, each at one position, by a random
/// WordNet synonym. Stop words, numbers and punctuation are left alone. Only single-word synonyms are used,
/// so the sentence keeps its length.
/// </summary>
/// <param name="WordNet">The synonym source (<see cref="TransferGuide.Data.Text.WordNet.Default"/> for the installed one).</param>
/// <param name="Fraction">Largest share of words to replace, e.g. 0.1.</param>
public sealed record SynonymReplacement(WordNet WordNet, double Fraction = 0.1) : TextAugmenter(Fraction)
{
    /// <inheritdoc />
    public override IReadOnlyList<string> Augment(IReadOnlyList<string> words, Random random)
    {
        var result = words.ToArray();
        int budget = Budget(words.Count);
        if (budget == 0) return result;
        var positions = Enumerable.Range(0, words.Count).Where(i => IsContentWord(words[i])).ToArray();
        random.Shuffle(positions);
        int replaced = 0;
        foreach (var i in positions)
        {
            if (replaced == budget) break;
            var synonyms = WordNet.Synonyms(words[i], singleWordsOnly: true);
            if (synonyms.Count == 0) continue;
            result[i] = MatchCase(synonyms[random.Next(synonyms.Count)], words[i]);
            replaced++;
        }
        return result;
    }
}
