using TransferGuide.Data.Text;

namespace TransferGuide.Augment.Text;

/// <summary>
/// A seeded, label-keeping text augmentation in the style of EDA (Wei and Zou, 2019). Text is split on
/// whitespace into words; at most <see cref="Fraction"/> of the word positions change (rounded down), so a
/// short sentence with a small fraction comes back unchanged rather than over-edited.
/// </summary>
public abstract record TextAugmenter
{
    /// <summary>The largest share of words to change, 0 to 1.</summary>
    public double Fraction { get; }

    /// <summary>Checks <paramref name="fraction"/>.</summary>
    protected TextAugmenter(double fraction)
    {
        if (fraction is < 0 or > 1 || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Use a fraction of words between 0 and 1, e.g. 0.1.");
        Fraction = fraction;
    }

    /// <summary>The augmented words. Implementations draw every random choice from <paramref name="random"/>.</summary>
    public abstract IReadOnlyList<string> Augment(IReadOnlyList<string> words, Random random);

    /// <summary>Augments one text.</summary>
    public string Apply(string text, Random random) => string.Join(' ', Augment(Words(text), random));

    /// <summary>Augments one text, the same way every time for the same seed.</summary>
    public string Apply(string text, int seed) => Apply(text, new Random(seed));

    /// <summary>Augments an example; its label, split and source stay as they were.</summary>
    public TextExample Apply(TextExample example, Random random) => example with { Text = Apply(example.Text, random) };

    /// <summary>Augments an example, the same way every time for the same seed.</summary>
    public TextExample Apply(TextExample example, int seed) => Apply(example, new Random(seed));

    /// <summary>The whitespace-separated words of <paramref name="text"/>.</summary>
    public static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>How many word positions may change in a text of <paramref name="wordCount"/> words.</summary>
    protected int Budget(int wordCount) => (int)Math.Floor(Fraction * wordCount + 1e-9);

    /// <summary>Whether a word is worth a synonym: letters only, and not a stop word.</summary>
    protected static bool IsContentWord(string word) =>
        word.Length > 1 && word.All(char.IsLetter) && !StopWords.Contains(word.ToLowerInvariant());

    /// <summary>A synonym with the first letter's case of <paramref name="original"/>.</summary>
    protected static string MatchCase(string synonym, string original) =>
        original.Length > 0 && char.IsUpper(original[0]) && synonym.Length > 0 ? char.ToUpperInvariant(synonym[0]) + synonym[1..] : synonym;

    /// <summary>EDA's stop words: never replaced, since their synonyms change the grammar more than the meaning.</summary>
    static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves",
        "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
        "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are",
        "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
        "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about",
        "against", "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up",
        "down", "in", "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when",
        "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no",
        "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don",
        "should", "now", "",
    };
}
