using TransferGuide.Core;
using TransferGuide.Data.Text;
using TransferGuide.Training;

namespace TransferGuide.Augment.Text;

/// <summary>
/// EDA as one call: each augmented copy of an example comes from one of synonym replacement, random
/// insertion, random swap and random deletion, picked at random, all at the same <see cref="Fraction"/>.
/// Copies depend only on (seed, example index, copy), so a dataset augments the same way in every run.
/// </summary>
/// <param name="WordNet">The synonym source for replacement and insertion.</param>
/// <param name="Fraction">Largest share of words each copy changes (EDA's alpha), e.g. 0.1.</param>
public sealed record EasyDataAugmentation(WordNet WordNet, double Fraction = 0.1)
{
    /// <summary>The four operations, in the order EDA lists them (built from the current settings, so <c>with</c> copies stay consistent).</summary>
    public IReadOnlyList<TextAugmenter> Operations =>
        [new SynonymReplacement(WordNet, Fraction), new RandomInsertion(WordNet, Fraction), new RandomSwap(Fraction), new RandomDeletion(Fraction)];

    /// <summary><paramref name="copies"/> augmented versions of <paramref name="example"/>, with its label.</summary>
    public IReadOnlyList<TextExample> Augment(TextExample example, int copies, int seed)
    {
        var operations = Operations;
        var list = new List<TextExample>(copies);
        for (int c = 0; c < copies; c++)
        {
            var random = new Random(Reproducibility.Mix(seed, c));
            list.Add(operations[random.Next(operations.Count)].Apply(example, random));
        }
        return list;
    }

    /// <summary>
    /// Every example followed by <paramref name="copies"/> augmented versions of it (the originals are kept,
    /// as in EDA).
    /// </summary>
    public IReadOnlyList<TextExample> AugmentAll(IReadOnlyList<TextExample> examples, int copies, int seed)
    {
        var result = new List<TextExample>(examples.Count * (copies + 1));
        for (int i = 0; i < examples.Count; i++)
        {
            result.Add(examples[i]);
            result.AddRange(Augment(examples[i], copies, Reproducibility.Mix(seed, i)));
        }
        return result;
    }
}
