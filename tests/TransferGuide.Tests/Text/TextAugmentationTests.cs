namespace TransferGuide.Tests.Text;

/// <summary>
/// The augmenters on real sst2 sentences. Synonyms come from <see cref="WordNetFixture.Everyday"/>, a small
/// WordNet-format database, so these run without the wordnet-base package; WordNetTests checks the real one.
/// </summary>
public class TextAugmentationTests
{
    static WordNet Everyday => WordNetFixture.Everyday;

    // Real sentences: the first 150 of sst2's training split.
    static readonly Lazy<IReadOnlyList<TextExample>> Sentences = new(() => TextDatasets.Load("sst2").Split("train").Take(150).ToList());

    /// <summary>Word-level edit distance: substitutions, insertions and deletions each count one word.</summary>
    static int WordsChanged(string before, string after)
    {
        var a = TextAugmenter.Words(before);
        var b = TextAugmenter.Words(after);
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int up = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = up;
            }
        }
        return row[b.Length];
    }

    public static TheoryData<string, double> Augmenters => new()
    {
        { "synonym", 0.1 }, { "synonym", 0.3 }, { "insertion", 0.1 }, { "insertion", 0.25 },
        { "deletion", 0.1 }, { "deletion", 0.5 }, { "swap", 0.2 }, { "swap", 0.5 },
    };

    static TextAugmenter Make(string kind, double fraction) => kind switch
    {
        "synonym" => new SynonymReplacement(Everyday, fraction),
        "insertion" => new RandomInsertion(Everyday, fraction),
        "deletion" => new RandomDeletion(fraction),
        "swap" => new RandomSwap(fraction),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Augmenters))]
    public void Augmentation_keeps_the_label_and_changes_at_most_the_fraction(string kind, double fraction)
    {
        var augmenter = Make(kind, fraction);
        int changedSentences = 0;
        for (int i = 0; i < Sentences.Value.Count; i++)
        {
            var example = Sentences.Value[i];
            var augmented = augmenter.Apply(example, seed: i);
            Assert.Equal(example.Label, augmented.Label);
            Assert.Equal((example.Split, example.Source, example.Line), (augmented.Split, augmented.Source, augmented.Line));

            int words = TextAugmenter.Words(example.Text).Length;
            int changed = WordsChanged(example.Text, augmented.Text);
            Assert.True(changed <= Math.Floor(fraction * words + 1e-9),
                $"{kind} {fraction}: {changed} of {words} words changed:\n  {example.Text}\n  {augmented.Text}");
            if (changed > 0) changedSentences++;
        }
        // It does something: most sentences are long enough for at least one change.
        Assert.True(changedSentences > Sentences.Value.Count / 2, $"{kind} changed only {changedSentences} sentences");
    }

    [Theory]
    [MemberData(nameof(Augmenters))]
    public void Augmentation_is_deterministic_for_a_seed(string kind, double fraction)
    {
        var augmenter = Make(kind, fraction);
        var texts = Sentences.Value.Take(40).Select(s => s.Text).ToList();
        Assert.Equal(texts.Select(t => augmenter.Apply(t, 11)), texts.Select(t => augmenter.Apply(t, 11)));
        Assert.NotEqual(texts.Select(t => augmenter.Apply(t, 11)), texts.Select(t => augmenter.Apply(t, 12)));
    }

    [Fact]
    public void Each_operation_does_what_its_name_says()
    {
        const string text = "the movie was a wonderful and moving film about a brave young doctor";
        var words = TextAugmenter.Words(text);

        var swapped = TextAugmenter.Words(new RandomSwap(0.5).Apply(text, 3));
        Assert.Equal(words.Order(), swapped.Order()); // same words, other places

        var deleted = TextAugmenter.Words(new RandomDeletion(0.5).Apply(text, 3));
        Assert.Equal(words.Length - 6, deleted.Length);
        Assert.True(IsSubsequence(deleted, words));

        var inserted = TextAugmenter.Words(new RandomInsertion(Everyday, 0.25).Apply(text, 3));
        Assert.Equal(words.Length + 3, inserted.Length);
        Assert.True(IsSubsequence(words, inserted));

        var replaced = TextAugmenter.Words(new SynonymReplacement(Everyday, 0.25).Apply(text, 3));
        Assert.Equal(words.Length, replaced.Length);
        var changes = words.Zip(replaced).Where(p => p.First != p.Second).ToList();
        Assert.Equal(3, changes.Count);
        Assert.All(changes, p => Assert.Contains(p.Second, Everyday.Synonyms(p.First)));
    }

    [Fact]
    public void Short_text_and_a_fraction_of_zero_come_back_unchanged()
    {
        Assert.Equal("great", new RandomDeletion(0.9).Apply("great", 1)); // never deletes every word
        Assert.Equal("a fine film", new SynonymReplacement(Everyday, 0.0).Apply("a fine film", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomSwap(1.5));
    }

    [Fact]
    public void Eda_adds_labelled_copies_reproducibly()
    {
        var eda = new EasyDataAugmentation(Everyday, 0.2);
        var examples = Sentences.Value.Take(20).ToList();
        var augmented = eda.AugmentAll(examples, copies: 4, seed: 5);
        Assert.Equal(100, augmented.Count);
        for (int i = 0; i < examples.Count; i++)
        {
            Assert.Equal(examples[i], augmented[5 * i]);
            Assert.All(augmented.Skip(5 * i + 1).Take(4), a => Assert.Equal(examples[i].Label, a.Label));
        }
        Assert.Equal(augmented, eda.AugmentAll(examples, copies: 4, seed: 5));
        Assert.True(augmented.Select(a => a.Text).Distinct().Count() > 80, "copies should mostly differ");
        Assert.All((eda with { Fraction = 0.3 }).Operations, op => Assert.Equal(0.3, op.Fraction));
    }

    static bool IsSubsequence(string[] small, string[] big)
    {
        int k = 0;
        foreach (var w in big) if (k < small.Length && small[k] == w) k++;
        return k == small.Length;
    }
}
