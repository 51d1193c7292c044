using Google.Protobuf.Collections;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>
/// Reads the CNTK ImageNet ResNet18 ONNX export (Microsoft.ML.DnnImageFeaturizer.ResNet18) into a
/// <see cref="ResNet"/> with blocks [2,2,2,3]. Its initializer names are opaque CNTK ids, so the
/// mapping follows the graph: each Conv feeds exactly one BatchNormalization; the 7x7 conv is the stem,
/// the 1x1 convs are the downsample paths of layer2.0, layer3.0 and layer4.0, and the 3x3 convs are the
/// blocks' conv1/conv2 in graph order.
/// </summary>
public static class OnnxResNetWeights
{
    /// <summary>Blocks per stage of the CNTK export (torchvision's ResNet18 has [2,2,2,2]).</summary>
    public static readonly int[] CntkResNet18Blocks = [2, 2, 2, 3];

    /// <summary>The weights as a torchvision-style state dict (name to tensor), head excluded.</summary>
    public static Dictionary<string, Tensor> ReadStateDict(string onnxPath)
    {
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(onnxPath);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or IOException)
        {
            throw new InvalidDataException(
                $"{onnxPath} could not be read as an ONNX model ({e.Message}). Delete it and restore the " +
                "Microsoft.ML.DnnImageFeaturizer.ResNet18 package again (dotnet restore --force).", e);
        }

        var graph = model.Graph;
        var inits = graph.Initializer.ToDictionary(t => t.Name);
        var consumers = new Dictionary<string, NodeProto>();
        foreach (var node in graph.Node)
            foreach (var input in node.Input)
                consumers.TryAdd(input, node);

        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();
        if (convs.Count != 22)
            throw new InvalidDataException($"{onnxPath}: expected the 22 convolutions of the CNTK ResNet18, found {convs.Count}.");

        var names = new List<string>();
        var stem = convs.Where(c => Kernel(c) == 7).ToList();
        var projections = convs.Where(c => Kernel(c) == 1).ToList();
        var body = convs.Where(c => Kernel(c) == 3).ToList();
        if (stem.Count != 1 || projections.Count != 3 || body.Count != 18)
            throw new InvalidDataException($"{onnxPath}: convolution kernels do not match the CNTK ResNet18 layout.");

        var state = new Dictionary<string, Tensor>();
        AddConvBn(state, "conv1", "bn1", stem[0], inits, consumers, onnxPath);
        int next = 0;
        for (int stage = 0; stage < 4; stage++)
            for (int block = 0; block < CntkResNet18Blocks[stage]; block++)
            {
                string prefix = $"layer{stage + 1}.{block}";
                AddConvBn(state, prefix + ".conv1", prefix + ".bn1", body[next++], inits, consumers, onnxPath);
                AddConvBn(state, prefix + ".conv2", prefix + ".bn2", body[next++], inits, consumers, onnxPath);
                if (block == 0 && stage > 0)
                    AddConvBn(state, prefix + ".downsample.0", prefix + ".downsample.1", projections[stage - 1], inits, consumers, onnxPath);
            }
        return state;
    }

    /// <summary>Copies the pretrained weights into a ResNet built with <see cref="CntkResNet18Blocks"/>; the head stays as it is.</summary>
    public static void LoadInto(ResNet model, IReadOnlyDictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var buffers = model.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, source) in state)
        {
            Tensor target = parameters.TryGetValue(name, out var p) ? p
                : buffers.TryGetValue(name, out var b) ? b
                : throw new InvalidOperationException($"The model has no tensor named {name}; was it built with blocks [2,2,2,3]?");
            if (!target.shape.SequenceEqual(source.shape))
                throw new InvalidOperationException($"{name}: shape [{string.Join(",", source.shape)}] in the weights, [{string.Join(",", target.shape)}] in the model.");
            target.copy_(source);
        }
        var missing = parameters.Keys.Concat(buffers.Keys)
            .Where(n => !n.StartsWith("fc.", StringComparison.Ordinal) && !n.EndsWith("num_batches_tracked", StringComparison.Ordinal) && !state.ContainsKey(n))
            .ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException("Pretrained weights do not cover: " + string.Join(", ", missing));
    }

    static long Kernel(NodeProto conv) =>
        conv.Attribute.First(a => a.Name == "kernel_shape").Ints[0];

    static void AddConvBn(Dictionary<string, Tensor> state, string conv, string bn, NodeProto convNode,
        Dictionary<string, TensorProto> inits, Dictionary<string, NodeProto> consumers, string path)
    {
        state[conv + ".weight"] = ToTensor(inits[convNode.Input[1]]);
        if (!consumers.TryGetValue(convNode.Output[0], out var bnNode) || bnNode.OpType != "BatchNormalization")
            throw new InvalidDataException($"{path}: convolution {convNode.Name} is not followed by BatchNormalization.");
        var eps = bnNode.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
        if (Math.Abs(eps - 1e-5f) > 1e-9f)
            throw new InvalidDataException($"{path}: {bnNode.Name} has epsilon {eps}; the kit's BatchNorm uses 1e-5.");
        state[bn + ".weight"] = ToTensor(inits[bnNode.Input[1]]);
        state[bn + ".bias"] = ToTensor(inits[bnNode.Input[2]]);
        state[bn + ".running_mean"] = ToTensor(inits[bnNode.Input[3]]);
        state[bn + ".running_var"] = ToTensor(inits[bnNode.Input[4]]);
    }

    static Tensor ToTensor(TensorProto t)
    {
        long[] shape = t.Dims.ToArray();
        float[] values = t.FloatData.Count > 0 ? t.FloatData.ToArray() : RawFloats(t.RawData.Span);
        long expected = shape.Aggregate(1L, (a, b) => a * b);
        if (values.Length != expected)
            throw new InvalidDataException($"Initializer {t.Name}: {values.Length} values for shape [{string.Join(",", shape)}].");
        return tensor(values, shape);
    }

    static float[] RawFloats(ReadOnlySpan<byte> raw) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray();
}
