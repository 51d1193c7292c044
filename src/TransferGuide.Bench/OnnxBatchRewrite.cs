using Google.Protobuf;
using Onnx;

namespace TransferGuide.Bench;

/// <summary>
/// Makes the batch dimension of an ONNX graph variable. The CNTK ResNet18 export fixes its batch at 1,
/// so ONNX Runtime would refuse a batch of 32; its convolutions, BatchNorms and pooling do not care about
/// the batch, so renaming the leading dimension of the inputs, outputs and recorded intermediate shapes
/// to a symbol is enough.
/// </summary>
public static class OnnxBatchRewrite
{
    /// <summary>The symbol the leading dimension gets.</summary>
    public const string BatchSymbol = "N";

    /// <summary>Reads <paramref name="onnxPath"/> and returns the serialised model with a variable batch.</summary>
    public static byte[] WithVariableBatch(string onnxPath)
    {
        ModelProto model;
        using (var stream = File.OpenRead(onnxPath)) model = ModelProto.Parser.ParseFrom(stream);
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet();
        // Weights may be listed among the inputs (opset 8 does); their shapes are real and must stay.
        foreach (var value in model.Graph.Input.Where(v => !initializers.Contains(v.Name))
                     .Concat(model.Graph.Output).Concat(model.Graph.ValueInfo))
        {
            var shape = value.Type?.TensorType?.Shape;
            if (shape == null || shape.Dim.Count == 0) continue;
            shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = BatchSymbol };
        }
        if (model.Graph.Node.Any(n => n.OpType is "Reshape" or "Flatten" && n.Input.Count > 1 && initializers.Contains(n.Input[1])))
            throw new InvalidDataException($"{onnxPath} reshapes with a constant shape, which may fix the batch; the rewrite would not be safe.");
        return model.ToByteArray();
    }
}
