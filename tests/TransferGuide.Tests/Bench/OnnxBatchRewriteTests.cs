using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace TransferGuide.Tests.Bench;

public class OnnxBatchRewriteTests
{
    [Fact]
    public void The_rewritten_graph_runs_a_batch_of_4_and_matches_the_kit_row_by_row()
    {
        var pixels = ForwardBenchmark.Batch(4, 224);
        using var session = new InferenceSession(OnnxBatchRewrite.WithVariableBatch(PretrainedWeights.ResNet18Onnx()));
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [4, 3, 224, 224]);
        using var outputs = session.Run(new RunOptions(), [session.InputMetadata.Keys.Single()], [input], [session.OutputMetadata.Keys.Single()]);
        var onnx = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal([4, 512, 1, 1], outputs[0].GetTensorTypeAndShape().Shape);

        using var model = ModelZoo.Create(ModelZoo.ResNet18ImageNet, 2);
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var kit = model.Features(tensor(pixels, [4, 3, 224, 224])).data<float>().ToArray();
        Assert.True(onnx.Zip(kit, (a, b) => Math.Abs(a - b)).Max() <= 1e-4);
    }

    [Fact]
    public void The_batch_dimension_becomes_a_symbol()
    {
        var bytes = OnnxBatchRewrite.WithVariableBatch(PretrainedWeights.ResNet18Onnx());
        var model = Onnx.ModelProto.Parser.ParseFrom(bytes);
        var inits = model.Graph.Initializer.Select(i => i.Name).ToHashSet();
        var input = model.Graph.Input.Single(i => !inits.Contains(i.Name));
        Assert.Equal(OnnxBatchRewrite.BatchSymbol, input.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(OnnxBatchRewrite.BatchSymbol, model.Graph.Output[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(3, input.Type.TensorType.Shape.Dim[1].DimValue);
    }
}
