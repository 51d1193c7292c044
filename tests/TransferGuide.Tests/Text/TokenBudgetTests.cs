using TransferGuide.Models.Text;
using static TorchSharp.torch;

namespace TransferGuide.Tests.Text;

/// <summary>Long batches run forward and backward in parts (PerformanceOptions.MaxTokensPerForward) and still take the whole batch's step.</summary>
// It compares two models built from the global torch generator: a test beside it that builds a model (the audio CLI
// tests do) drew from the same generator between them once in CI, and the two heads started apart.
[Collection(TorchRngCollection.Name)]
public class TokenBudgetTests
{
    [Theory]
    [InlineData(32, 40, null, 32)]   // no budget: whole
    [InlineData(32, 64, 2048, 32)]   // fits exactly
    [InlineData(32, 65, 2048, 16)]   // just over: two halves, not 31 + 1
    [InlineData(32, 128, 2048, 16)]
    [InlineData(32, 128, 1000, 7)]   // 7 x 128 = 896 fits, 8 x 128 does not: five parts
    [InlineData(10, 100, 350, 3)]    // four parts of at most 3
    [InlineData(3, 500, 100, 1)]     // one text per part at least, even when it alone is over
    public void A_batch_is_cut_into_the_fewest_balanced_parts_that_fit_the_budget(long items, long length, int? budget, long expected)
    {
        long size = TransferGuide.Training.Learner.ItemsPerForward(items, length, budget);
        Assert.Equal(expected, size);
        if (budget is { } b && size > 1) Assert.True(size * length <= b);
    }

    [Fact]
    public void A_split_batch_takes_the_same_step_as_the_whole_batch()
    {
        string[] sentences =
        [
            "a gorgeous , witty , seductive movie .", "the plot is nothing but boilerplate clichés from start to finish .",
            "an utterly charming and hilarious film that reminded me of the best of the genre .", "dull .",
            "it 's a lovely film with lovely performances .", "the acting is bad , the script is worse , and the direction is the worst of all .",
        ];
        var examples = sentences.Select((s, i) => new TextExample(s, i % 2, "train", "fixture.tsv", i + 1)).ToList();
        var tokenizer = new WordPieceTokenizer(MiniLmPackage.Vocabulary(), new TokenizerSettings(MiniLm.Id));

        (float[] Before, float[] After) Step(int? budget)
        {
            manual_seed(3);
            // No dropout: with it, the parts would draw different masks than the whole batch.
            var model = TextClassifier.Create(TextModelSettings.MiniLmDefault with { Dropout = 0 }, 2);
            var options = LearnerOptions.Default with
            {
                BatchSize = 6, Seed = 1,
                Optimizer = new OptimizerOptions { Kind = OptimizerKind.Sgd, Momentum = 0, WeightDecay = 0 },
                Performance = new PerformanceOptions { MaxTokensPerForward = budget },
            };
            using var learner = new Learner(model, ["neg", "pos"], new TextBatchSource(examples, tokenizer), new TextBatchSource(examples.Take(2).ToList(), tokenizer), options);
            // SGD without momentum: the step is the gradient times the rate, so a wrong gradient shows directly. The top layer and the head train.
            foreach (var p in model.parameters()) p.requires_grad = false;
            float[] Top() => model.LayerGroups().Skip(Learner.GroupCount - 2).SelectMany(g => g.Modules).SelectMany(m => m.parameters())
                .SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();
            var before = Top();
            learner.RunPlan([new TrainingPhase("top layer + head", 1, Learner.GroupCount - 2, 0.5)]);
            return (before, Top());
        }

        var whole = Step(null);
        var parts = Step(40); // 6 texts of up to 23 tokens: 138 positions, run as 3 or more parts
        int first = Enumerable.Range(0, whole.Before.Length).FirstOrDefault(i => whole.Before[i] != parts.Before[i], -1);
        Assert.True(first < 0, $"{whole.Before.Length} vs {parts.Before.Length} values; first difference at {first}");
        double moved = whole.Before.Zip(whole.After, (a, b) => Math.Abs(a - b)).Max();
        double differ = whole.After.Zip(parts.After, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(moved > 1e-3, $"the step moved the weights by only {moved:E2}");
        Assert.True(differ < 1e-4 * moved, $"split and whole steps differ by {differ:E2} (the step moved weights by up to {moved:E2})");
    }
}
