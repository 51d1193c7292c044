using System.Text.Json;
using TorchSharp;
using Xunit.Abstractions;

using static TorchSharp.torch;

namespace TransferGuide.Tests.Models;

public class ZooTests(ITestOutputHelper output)
{
    public static TheoryData<string> TorchvisionIds => new(TorchvisionWeights.Files.Select(f => f.ModelId));

    public static TheoryData<string> AllIds => new(ModelZoo.Available.Select(s => s.Id));

    /// <summary>
    /// Every architecture through a training forward and backward pass. The passes that could kill the process (a
    /// oneDNN SIGFPE) run first as the numerics guard's probes, in child processes; a path that died is reported by
    /// architecture and path, and the test then runs the path the guard chose here.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllIds))]
    public void Every_model_runs_forward_and_backward_at_64px_with_six_groups(string id)
    {
        var candidates = NumericsPath.TrainingCandidates(id, channelsLast: true);
        var verdicts = NumericsGuard.Verdicts(candidates);
        foreach (var c in candidates) output.WriteLine($"{c.Id}: {verdicts[c.Id].Word} ({verdicts[c.Id].Detail})");
        var died = candidates.Where(c => verdicts[c.Id].Detail.Contains("died", StringComparison.Ordinal)).Select(c => $"{c.Id}: {verdicts[c.Id].Detail}").ToList();
        if (died.Count > 0) output.WriteLine($"{id}: these paths killed their probe process: " + string.Join("; ", died));
        var path = NumericsGuard.TrainingPath(id, channelsLast: true);
        output.WriteLine($"{id}: training runs {path.Variant} on this machine");

        using var scope = NewDisposeScope();
        torch.random.manual_seed(1);
        using var model = ModelZoo.Create(id, numClasses: 3, pretrained: false);
        model.train();
        var x = randn(2, 3, 64, 64);
        if (path.ChannelsLast) { MemoryFormat.ConvWeightsToChannelsLast(model); x = MemoryFormat.ToChannelsLast(x); }
        using (NumericsGuard.Apply(path, model))
        {
            var logits = model.call(x);
            Assert.Equal([2L, 3L], logits.shape);
            nn.functional.cross_entropy(logits, tensor(new long[] { 0, 2 })).backward();
        }
        if (path.ChannelsLast) MemoryFormat.ConvWeightsToContiguous(model);
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
        Assert.True(model.parameters().All(p => p.grad!.isfinite().all().item<bool>()));

        model.eval();
        x = x.contiguous();
        using (no_grad())
        using (NumericsGuard.Apply(NumericsGuard.InferencePath(id), model))
        {
            var features = model.Features(x);
            Assert.Equal([2L, (long)model.FeatureSize], features.shape);
            Assert.Equal([2L, 3L], model.Head(features).shape);
        }
        var groups = model.LayerGroups();
        Assert.Equal(ZooModel.GroupCount, groups.Count);
        // Every parameter belongs to exactly one group, so freezing by groups covers the whole network.
        var grouped = groups.SelectMany(g => g.Modules.SelectMany(m => m.parameters())).Select(p => p.Handle).ToList();
        Assert.Equal(grouped.Count, grouped.Distinct().Count());
        Assert.Equal(model.parameters().Count(), grouped.Count);
        Assert.Contains(model.Classifier.parameters().First().Handle, groups[^1].Modules.SelectMany(m => m.parameters()).Select(p => p.Handle));
    }

    [Theory]
    [MemberData(nameof(TorchvisionIds))]
    public void Parameter_names_and_shapes_match_torchvision_except_the_new_head(string id)
    {
        var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch", "torchvision_shapes.json")));
        var expected = fixture.RootElement.GetProperty("models").GetProperty(id).EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetInt64()).ToArray());
        using var model = ModelZoo.Create(id, numClasses: 1000, pretrained: false);
        var actual = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, shape) in expected) Assert.True(shape.SequenceEqual(actual[name]), $"{id} {name}: torchvision [{string.Join(",", shape)}], ours [{string.Join(",", actual[name])}]");
    }

    [Fact]
    public void Every_model_states_its_input_size_and_preprocessing()
    {
        foreach (var spec in ModelZoo.Available)
        {
            Assert.Equal(224, spec.InputSize);
            Assert.Equal(3, spec.Preprocessing.Mean.Length);
            Assert.False(string.IsNullOrWhiteSpace(spec.Weights));
        }
        Assert.Equal(Preprocessing.TorchvisionImageNet, ModelZoo.Spec("mobilenet_v2").Preprocessing);
        Assert.Equal(Preprocessing.CntkResNet, ModelZoo.Spec(ModelZoo.ResNet18ImageNet).Preprocessing);
    }

    [Fact]
    public void Unknown_id_lists_the_zoo()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelZoo.Spec("vgg99"));
        Assert.Contains("efficientnet_b0", e.Message);
        Assert.Contains("squeezenet1_1", e.Message);
    }
}
