using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TransferGuide.Models.Text;
using static TorchSharp.torch;

namespace TransferGuide.Tests.Text;

/// <summary>The TorchSharp BERT with weights read from the package's ONNX must compute what ONNX Runtime computes.</summary>
public class BertParityTests
{
    static WordPieceTokenizer Tokenizer() => new(MiniLmPackage.Vocabulary(), new TokenizerSettings(MiniLm.Id));

    [Fact]
    public void Tokenizer_gives_the_uncased_bert_ids()
    {
        var (ids, cut) = Tokenizer().Encode("Hello, World! Tokenization");
        // bert-base-uncased ids: [CLS] hello , world ! token ##ization [SEP]
        Assert.Equal([101L, 7592, 1010, 2088, 999, 19204, 3989, 102], ids);
        Assert.False(cut);
    }

    [Fact]
    public void Long_texts_are_cut_at_max_tokens_and_end_with_sep()
    {
        var tokenizer = new WordPieceTokenizer(MiniLmPackage.Vocabulary(), new TokenizerSettings(MiniLm.Id, MaxTokens: 8));
        var (fits, fitsCut) = tokenizer.Encode("one two three four five six");
        Assert.Equal(8, fits.Length);
        Assert.False(fitsCut);
        var (ids, cut) = tokenizer.Encode("one two three four five six seven");
        Assert.True(cut);
        Assert.Equal(8, ids.Length);
        Assert.Equal(102, ids[^1]);
        Assert.Equal(fits[..7], ids[..7]);
    }

    [Fact]
    public void Last_hidden_state_matches_onnx_runtime_on_20_sst2_sentences()
    {
        var sentences = TextDatasets.Load("sst2").Split("test").Take(20).Select(e => e.Text).ToList();
        var tokenizer = Tokenizer();
        var encoded = sentences.Select(s => tokenizer.Encode(s).Ids).ToList();
        int n = encoded.Count, length = encoded.Max(e => e.Length);
        var ids = new long[n * length];
        var mask = new long[n * length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < encoded[i].Length; j++) { ids[i * length + j] = encoded[i][j]; mask[i * length + j] = 1; }
        Assert.Contains(mask, m => m == 0); // the batch is padded, so masking is checked too

        float[] expected;
        using (var session = new InferenceSession(MiniLmPackage.OnnxModel()))
        {
            int[] shape = [n, length];
            using var results = session.Run([
                NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(new long[n * length], shape)),
            ]);
            expected = results.First(r => r.Name == "last_hidden_state").AsEnumerable<float>().ToArray();
        }

        using var encoder = MiniLm.Create();
        float[] actual;
        using (NewDisposeScope())
        using (no_grad())
            actual = encoder.call(tensor(ids, [n, length]), tensor(mask, [n, length])).data<float>().ToArray();

        Assert.Equal(n * length * 384, expected.Length);
        Assert.Equal(expected.Length, actual.Length);
        double maxAbs = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < encoded[i].Length; j++) // padding positions' outputs are not used by anything
                for (int d = 0; d < 384; d++)
                {
                    int at = (i * length + j) * 384 + d;
                    maxAbs = Math.Max(maxAbs, Math.Abs(expected[at] - actual[at]));
                }
        Assert.True(maxAbs <= 1e-4, $"max abs difference {maxAbs:E2} > 1e-4");
        Assert.True(expected.Max(Math.Abs) > 0.1f, "hidden states should not be all zero");
    }
}
