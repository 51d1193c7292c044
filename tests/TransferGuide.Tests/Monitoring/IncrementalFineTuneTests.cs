using TransferGuide.Monitoring;
using static TorchSharp.torch;

namespace TransferGuide.Tests.Monitoring;

[Collection(TorchRngCollection.Name)]
public class IncrementalFineTuneTests
{
    [Fact]
    public void Replay_buffer_keeps_a_seeded_stratified_sample()
    {
        int[] labels = [.. Enumerable.Repeat(0, 10), .. Enumerable.Repeat(1, 3), .. Enumerable.Repeat(2, 7)];
        var buffer = ReplayBuffer.Stratified(labels, perClass: 5, seed: 1);
        Assert.Equal([5, 3, 5], buffer.Indices.GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.Count()).ToArray());
        Assert.Equal(buffer.Indices, ReplayBuffer.Stratified(labels, 5, 1).Indices);
        Assert.NotEqual(buffer.Indices, ReplayBuffer.Stratified(labels, 5, 2).Indices);
        Assert.All(buffer.Sample(new Random(3), 50), i => Assert.Contains(i, buffer.Indices));
    }

    [Fact]
    public void Lwf_adds_nothing_while_the_model_still_equals_the_old_one()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2f, -1f, 0.5f, 0.1f, 0.3f, -2f }, [2, 3]);
        var labels = tensor(new long[] { 0, 2 });
        double ce = nn.functional.cross_entropy(logits, labels).item<float>();
        Assert.Equal(0.0, IncrementalFineTune.LwfLoss(logits, logits.clone(), labels, alpha: 1.0, temperature: 2).item<float>(), 6);
        Assert.Equal(0.5 * ce, IncrementalFineTune.LwfLoss(logits, logits.clone(), labels, alpha: 0.5, temperature: 2).item<float>(), 5);
        var moved = logits + tensor(new float[] { 0f, 1f, 0f, 0f, 0f, 1f }, [2, 3]);
        Assert.True(IncrementalFineTune.LwfLoss(moved, logits, labels, 1.0, 2).item<float>() > 0.01);
    }

    static FeatureSet Blobs(int perClass, double shift, int seed)
    {
        var random = new Random(seed);
        var features = new List<float>(); var labels = new List<int>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < perClass; i++)
            {
                // Class c sits at 3 along axis c; the new domain moves everything along axis 3 and swaps the scale of axis 0.
                for (int d = 0; d < 6; d++) features.Add((float)((d == c ? 3 : 0) + (d == 3 ? shift : 0) + random.NextDouble() - 0.5));
                labels.Add(c);
            }
        return new FeatureSet(features.ToArray(), 6, labels.ToArray(), labels.Select((_, i) => $"item{i}").ToArray());
    }

    [Fact]
    public void Compare_reports_the_old_model_and_three_updates_reproducibly()
    {
        TorchRuntime.EnsureLoaded();
        var data = new IncrementalData(Blobs(30, 0, 1), Blobs(10, 0, 2), Blobs(30, 4, 3), Blobs(10, 4, 4), 3);
        var options = new IncrementalOptions(Hidden: 16, OldEpochs: 40, OldLearningRate: 1e-2, Steps: 40, LearningRate: 3e-3, BatchSize: 16, ReplayPerClass: 3, ReplayBatch: 6);
        var first = IncrementalFineTune.Compare(data, options);
        var second = IncrementalFineTune.Compare(data, options);
        Assert.Equal(["old model", "naive", "rehearsal", "lwf"], first.Entries.Select(e => e.Method).ToArray());
        Assert.Equal(first.Entries.Select(e => (e.NewAccuracy, e.OldAccuracy)), second.Entries.Select(e => (e.NewAccuracy, e.OldAccuracy)));
        Assert.Equal(0, first.Entries[0].Forgetting);
        Assert.True(first.Entries[0].OldAccuracy > 0.9, first.Describe());
        foreach (var e in first.Entries.Skip(1))
            Assert.Equal(first.Entries[0].OldAccuracy - e.OldAccuracy, e.Forgetting, 9);
        Assert.True(first.Entries[1].NewAccuracy >= first.Entries[0].NewAccuracy, first.Describe());
        Assert.Contains("rehearsal", first.Describe());
    }
}
