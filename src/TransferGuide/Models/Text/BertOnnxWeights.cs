using System.Text.RegularExpressions;
using Onnx;
using static TorchSharp.torch;

namespace TransferGuide.Models.Text;

/// <summary>
/// Reads a Hugging Face BERT exported to ONNX by PyTorch (all-MiniLM-L6-v2's <c>model.onnx</c>) into a
/// <see cref="BertEncoder"/>. Embeddings, biases and LayerNorms keep their Hugging Face names in the export; the
/// linear weights are renamed to numbered <c>onnx::MatMul_N</c> tensors and stored transposed ([in, out]), so each
/// is named back through the bias of the Add that follows its MatMul.
/// </summary>
public static partial class BertOnnxWeights
{
    /// <summary>The encoder's weights as a state dict in <see cref="BertEncoder"/>'s names.</summary>
    /// <param name="onnx">The ONNX file's bytes.</param>
    /// <param name="origin">Names the file in errors.</param>
    /// <exception cref="InvalidDataException">Not an ONNX BERT export, or a weight is missing or misshapen.</exception>
    public static Dictionary<string, Tensor> ReadStateDict(byte[] onnx, string origin)
    {
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(onnx); }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{origin} could not be read as an ONNX model ({e.Message}).", e);
        }
        var graph = model.Graph;
        var inits = graph.Initializer.ToDictionary(t => t.Name);
        var consumers = new Dictionary<string, NodeProto>();
        foreach (var node in graph.Node)
            foreach (var input in node.Input)
                consumers.TryAdd(input, node);

        var state = new Dictionary<string, Tensor>();
        foreach (var (name, init) in inits)
            if (KernelName(name) is { } mine) state[mine] = ToTensor(init, origin);

        int linears = 0;
        foreach (var matmul in graph.Node.Where(n => n.OpType == "MatMul" && inits.ContainsKey(n.Input[1])))
        {
            if (!consumers.TryGetValue(matmul.Output[0], out var add) || add.OpType != "Add")
                throw new InvalidDataException($"{origin}: MatMul {matmul.Name} is not followed by the Add of a bias.");
            var bias = add.Input.FirstOrDefault(i => inits.ContainsKey(i) && i.EndsWith(".bias", StringComparison.Ordinal))
                       ?? throw new InvalidDataException($"{origin}: the Add after MatMul {matmul.Name} adds no named bias.");
            var weightName = KernelName(bias[..^".bias".Length] + ".weight")
                             ?? throw new InvalidDataException($"{origin}: bias {bias} is not part of a BERT encoder layer.");
            using var stored = ToTensor(inits[matmul.Input[1]], origin);
            state[weightName] = stored.t().contiguous();
            linears++;
        }
        if (linears == 0) throw new InvalidDataException($"{origin} holds no linear layers: it is not a BERT export.");
        return state;
    }

    /// <summary>
    /// Copies <paramref name="state"/> into <paramref name="encoder"/>, checking that every parameter is covered and
    /// every shape fits.
    /// </summary>
    public static void LoadInto(BertEncoder encoder, IReadOnlyDictionary<string, Tensor> state, string origin)
    {
        using var _ = no_grad();
        var parameters = encoder.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, target) in parameters)
        {
            if (!state.TryGetValue(name, out var source))
                throw new InvalidDataException($"{origin} has no weights for {name}; is it a {encoder.Config.Layers}-layer BERT of hidden size {encoder.Config.Hidden}?");
            if (!target.shape.SequenceEqual(source.shape))
                throw new InvalidDataException($"{origin}: {name} is [{string.Join(",", source.shape)}] in the file, [{string.Join(",", target.shape)}] in the encoder.");
            target.copy_(source);
        }
    }

    /// <summary>The <see cref="BertEncoder"/> name of a Hugging Face BERT tensor name, or null for tensors it does not use.</summary>
    public static string? KernelName(string huggingFace)
    {
        var m = LayerName().Match(huggingFace);
        if (m.Success)
        {
            string part = m.Groups["part"].Value switch
            {
                "attention.self.query" => "query",
                "attention.self.key" => "key",
                "attention.self.value" => "value",
                "attention.output.dense" => "attn_out",
                "attention.output.LayerNorm" => "attn_norm",
                "intermediate.dense" => "ffn_in",
                "output.dense" => "ffn_out",
                "output.LayerNorm" => "ffn_norm",
                _ => "",
            };
            return part.Length == 0 ? null : $"layer.{m.Groups["i"].Value}.{part}.{m.Groups["kind"].Value}";
        }
        return huggingFace switch
        {
            "embeddings.word_embeddings.weight" => "word_embeddings.weight",
            "embeddings.position_embeddings.weight" => "position_embeddings.weight",
            "embeddings.token_type_embeddings.weight" => "token_type_embeddings.weight",
            "embeddings.LayerNorm.weight" => "embeddings_norm.weight",
            "embeddings.LayerNorm.bias" => "embeddings_norm.bias",
            _ => null,
        };
    }

    [GeneratedRegex(@"^encoder\.layer\.(?<i>\d+)\.(?<part>.+)\.(?<kind>weight|bias)$")]
    private static partial Regex LayerName();

    static Tensor ToTensor(TensorProto t, string origin)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"{origin}: {t.Name} is stored as data type {t.DataType}; the encoder reads float32 weights.");
        long[] shape = t.Dims.ToArray();
        long expected = shape.Aggregate(1L, (a, b) => a * b);
        long count = t.FloatData.Count > 0 ? t.FloatData.Count : t.RawData.Length / sizeof(float);
        if (count != expected)
            throw new InvalidDataException($"{origin}: {t.Name} has {count} values for shape [{string.Join(",", shape)}].");
        if (t.FloatData.Count > 0) return tensor(t.FloatData.ToArray(), shape);
        // Raw little-endian floats go straight into the tensor: no managed float[] copy of each weight on the way.
        var result = empty(shape, ScalarType.Float32);
        t.RawData.Span.CopyTo(result.bytes);
        return result;
    }
}
