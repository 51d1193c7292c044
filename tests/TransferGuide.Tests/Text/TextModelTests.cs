using TorchSharp;
using TransferGuide.Models.Text;
using TransferGuide.Training.Text;
using static TorchSharp.torch;

namespace TransferGuide.Tests.Text;

/// <summary>The text classifier, its batches and the cache of frozen lower layers.</summary>
public class TextModelTests
{
    static readonly string[] Sentences =
    [
        "a gorgeous , witty , seductive movie .", "the plot is nothing but boilerplate clichés from start to finish .",
        "an utterly charming and hilarious film that reminded me of the best of the genre .", "dull .",
        "it 's a lovely film with lovely performances .", "the acting is bad , the script is worse , and the direction is the worst of all .",
        "good fun .", "a movie so bad it is not even funny , just tedious and long and utterly pointless in every way .",
    ];

    static IReadOnlyList<TextExample> Examples() =>
        Sentences.Select((s, i) => new TextExample(s, i % 2 == 0 ? 1 : 0, "train", "fixture.tsv", i + 1)).ToList();

    static WordPieceTokenizer Tokenizer(int maxTokens = 128) => new(MiniLmPackage.Vocabulary(), new TokenizerSettings(MiniLm.Id, MaxTokens: maxTokens));

    [Fact]
    public void Batches_are_padded_to_their_longest_text_and_grouped_by_length()
    {
        var source = new TextBatchSource(Examples(), Tokenizer());
        var batches = source.Batches(BatchOrder.Sequential(source.Count), 2, seed: 1, epoch: 0).ToList();
        Assert.Equal(4, batches.Count);
        Assert.Equal(Enumerable.Range(0, 8), batches.SelectMany(b => b.Indices).Order());
        foreach (var batch in batches)
        {
            var inputs = Assert.IsType<TokenInputs>(batch.Inputs);
            long longest = batch.Indices.Max(i => source.TokenIds(i).Count);
            Assert.Equal([batch.Count, longest], inputs.Shape);
            Assert.Equal(batch.Indices.Select(i => Examples()[i].Label), batch.Labels);
            Assert.All(batch.Ids, id => Assert.StartsWith("fixture.tsv:", id));
        }
        // Sorted by length within the chunk: all padding together is far less than one shuffled batch order would need.
        long padded = batches.Sum(b => b.Inputs.Shape[0] * b.Inputs.Shape[1]);
        long tokens = Enumerable.Range(0, 8).Sum(i => source.TokenIds(i).Count);
        Assert.True(padded - tokens <= 8, $"{padded - tokens} padding tokens");
        // The same (order, seed, epoch) gives the same batches; skipping resumes in the middle.
        var again = source.Batches(BatchOrder.Sequential(source.Count), 2, 1, 0, skipBatches: 2).ToList();
        Assert.Equal(batches[2].Indices, again[0].Indices);
    }

    [Fact]
    public void Truncated_texts_are_counted()
    {
        var source = new TextBatchSource(Examples(), Tokenizer(maxTokens: 10));
        Assert.Equal(Sentences.Count(s => Tokenizer().Encode(s).Ids.Length > 10), source.Truncated);
        Assert.True(source.Truncated >= 3);
        Assert.All(Enumerable.Range(0, 8), i => Assert.True(source.TokenIds(i).Count <= 10));
    }

    [Theory]
    [InlineData(false, 1e-5, 1e-5)]
    [InlineData(true, 1e-4, 2e-3)] // 16-bit cache (the default): measured 1.9e-5 and 3.1e-4 on 3 Dec 2026
    public void Cached_lower_layers_give_the_same_answer_as_the_whole_encoder(bool half, double tolerance, double featureTolerance)
    {
        using var model = TextClassifier.Create(TextModelSettings.MiniLmDefault, 2);
        var texts = new TextBatchSource(Examples(), Tokenizer());
        var whole = TextPredictions.Predict(model, ["neg", "pos"], texts);
        var wholeFeatures = TextPredictions.Pooled(model, texts);
        using var cache = CachedLayerSource.Build(model, texts, layers: 4, halfPrecision: half);
        Assert.Equal(4, cache.Layers);
        Assert.Equal(half, cache.HalfPrecision);
        model.CachedLayers = 4;
        model.eval();
        var fromCache = new float[whole.Probabilities.Length];
        double featureDiff = 0;
        foreach (var batch in cache.Batches(BatchOrder.Sequential(cache.Count), 3, 0, 0))
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            Assert.Equal(385, batch.Inputs.Shape[2]);
            var input = batch.Inputs.ToTensor();
            var probs = model.call(input).softmax(1).data<float>().ToArray();
            var features = model.Features(input).data<float>().ToArray();
            int size = model.FeatureSize;
            for (int k = 0; k < batch.Count; k++)
            {
                fromCache[batch.Indices[k] * 2] = probs[k * 2]; fromCache[batch.Indices[k] * 2 + 1] = probs[k * 2 + 1];
                for (int c = 0; c < size; c++)
                    featureDiff = Math.Max(featureDiff, Math.Abs(features[k * size + c] - wholeFeatures.Features[batch.Indices[k] * size + c]));
            }
        }
        double maxAbs = whole.Probabilities.Zip(fromCache, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxAbs < tolerance, $"cached and whole probabilities differ by {maxAbs:E2}");
        Assert.True(featureDiff < featureTolerance, $"cached and whole sentence vectors differ by {featureDiff:E2}");
        Console.WriteLine($"cache half={half}: probabilities within {maxAbs:E2}, sentence vectors within {featureDiff:E2}");
    }

    [Fact]
    public void Layer_groups_put_the_top_four_layers_in_their_own_groups()
    {
        using var model = TextClassifier.Create(TextModelSettings.MiniLmDefault, 3, pretrained: false);
        var groups = model.LayerGroups();
        Assert.Equal(ZooModel.GroupCount, groups.Count);
        Assert.Equal("embeddings + layers 0-1", groups[0].Name);
        Assert.Equal(["layer 2", "layer 3", "layer 4", "layer 5", "head"], groups.Skip(1).Select(g => g.Name));
        // Every parameter is in exactly one group.
        long grouped = groups.SelectMany(g => g.Modules).Sum(m => m.parameters().Sum(p => p.numel()));
        Assert.Equal(model.parameters().Sum(p => p.numel()), grouped);
    }

    [Fact]
    public void Mean_pooling_ignores_padding_and_cls_pooling_takes_the_first_token()
    {
        using var scope = NewDisposeScope();
        var hidden = tensor(new float[] { 1, 2, 3, 4, 100, 100 }, [1, 3, 2]);
        var mask = tensor(new float[] { 1, 1, 0 }, [1, 3]);
        Assert.Equal([2f, 3f], TextClassifier.Pool(hidden, mask, TextPooling.Mean).data<float>().ToArray());
        Assert.Equal([1f, 2f], TextClassifier.Pool(hidden, mask, TextPooling.Cls).data<float>().ToArray());
    }

    [Fact]
    public void Fp32_gradients_of_a_layer_match_float64_on_this_cpu()
    {
        // The numerics guard probes convolution paths only; a transformer layer is matmuls, softmax, GELU and
        // LayerNorm. This checks that their fp32 backward on this machine agrees with float64.
        using var scope = NewDisposeScope();
        manual_seed(3);
        var layer = new BertLayer(BertConfig.MiniLmL6 with { Dropout = 0 });
        var x = randn(2, 7, 384);
        var mask = BertEncoder.AdditiveMask(tensor(new float[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, [2, 7]), ScalarType.Float32);
        // A fixed random projection of the output: LayerNorm makes a plain sum of squares constant, with no gradient.
        var probe = randn(2, 7, 384);
        var xs = x.clone().requires_grad_();
        layer.call(xs, mask).mul(probe).sum().backward();
        var grad32 = xs.grad!.clone();
        layer.to(ScalarType.Float64);
        var xd = x.to(ScalarType.Float64).requires_grad_();
        layer.call(xd, mask.to(ScalarType.Float64)).mul(probe.to(ScalarType.Float64)).sum().backward();
        double err = (grad32.to(ScalarType.Float64) - xd.grad!).abs().max().item<double>();
        double size = xd.grad!.abs().max().item<double>();
        Assert.True(err <= 1e-4 * size, $"fp32 input gradient differs from float64 by {err:E2} (largest {size:E2})");
    }
}
