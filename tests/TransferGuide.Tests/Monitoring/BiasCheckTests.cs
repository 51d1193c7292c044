using TransferGuide.Monitoring;

namespace TransferGuide.Tests.Monitoring;

/// <summary>The mitigations on a generated feature problem where the rare group needs the opposite of what the common one teaches.</summary>
[Collection(TorchRngCollection.Name)] // the heads draw their initialisation from torch's global generator
public class BiasCheckTests
{
    // Features [x, y, rare]. Common group: the class is the sign of x, and y says the opposite. Rare group: x is always
    // +1, and the class is the sign of y. A linear head can serve both (x for the common group, y for the rare one, the
    // rare flag cancelling x), but the common group's many rows pull y's weight the wrong way; the rare group's few rows
    // win that pull only when they weigh as much in total.
    static (FeatureSet Set, string[] Groups) Problem(int common, int rare, int seed)
    {
        var random = new Random(seed);
        var features = new List<float>();
        var labels = new List<int>();
        var groups = new List<string>();
        double Noise() => (random.NextDouble() - 0.5) * 0.4;
        for (int i = 0; i < common + rare; i++)
        {
            bool isRare = i >= common;
            int label = i % 2;
            double sign = label == 1 ? 1 : -1;
            features.AddRange(isRare ? [(float)(1 + Noise()), (float)(sign + Noise()), 1f] : [(float)(sign + Noise()), (float)(-sign + Noise()), 0f]);
            labels.Add(label);
            groups.Add(isRare ? "rare" : "common");
        }
        return (new FeatureSet(features.ToArray(), 3, labels.ToArray(), labels.Select((_, i) => $"row{i}").ToArray()), groups.ToArray());
    }

    static BiasComparison Compare(int epochs = 10, IReadOnlyList<BiasMitigation>? mitigations = null)
    {
        var (train, trainGroups) = Problem(250, 6, seed: 1);
        var (test, testGroups) = Problem(200, 200, seed: 2);
        return BiasCheck.Compare(train, trainGroups, test, testGroups, ["neg", "pos"],
            new BiasOptions(mitigations, new HeadOptions(Epochs: epochs, LearningRate: 0.1, WeightDecay: 0.01, BatchSize: 64, Seed: 3)));
    }

    [Fact]
    public void Reweighting_and_balanced_sampling_narrow_the_gap_of_an_under_represented_group()
    {
        var c = Compare();
        Assert.Equal(["none", "reweight", "balance"], c.Results.Select(r => r.Name));
        var b = c.Baseline;
        Assert.Equal("rare", b.Worst.Group);
        Assert.Equal(6, b.Worst.TrainCount);
        Assert.Equal(200, b.Worst.TestCount);
        string all = string.Join("; ", c.Results.Select(r => $"{r.Name}: " + string.Join(", ", r.Groups.Select(g => $"{g.Group} {g.Accuracy:P1}"))));
        Assert.True(b.Gap > 0.3, $"baseline gap {b.Gap:P1}: the generated problem should hurt the rare group ({all})");
        foreach (var m in c.Mitigated)
        {
            Assert.True(m.Gap < b.Gap - 0.2, $"{m.Name}: gap {m.Gap:P1} against the baseline's {b.Gap:P1} ({all})");
            Assert.True(m.Worst.Accuracy > b.Worst.Accuracy + 0.2, $"{m.Name}: worst group {m.Worst.Accuracy:P1} against {b.Worst.Accuracy:P1}");
        }
        Assert.Equal(b.Gap, b.Best.Accuracy - b.Worst.Accuracy, 12);
        Assert.Contains("narrows the gap", c.Summary());
        Assert.Contains("Without mitigation", c.Summary());
    }

    [Fact]
    public void The_same_seed_gives_the_same_numbers_and_bad_group_lists_are_refused()
    {
        var first = Compare(epochs: 2, [BiasMitigation.Reweight]);
        var second = Compare(epochs: 2, [BiasMitigation.Reweight]);
        Assert.Equal(first.Results.Select(r => r.Accuracy), second.Results.Select(r => r.Accuracy));
        var (train, groups) = Problem(10, 2, 1);
        var e = Assert.Throws<ArgumentException>(() => BiasCheck.Compare(train, groups[..5], train, groups, ["neg", "pos"]));
        Assert.Contains("5 training groups for 12 training rows", e.Message);
        Assert.Equal(["reweight"], new BiasOptions(BiasOptions.Parse("reweight")).Resolved.Select(BiasOptions.Name));
        Assert.Contains("none, reweight, balance or both", Assert.Throws<ArgumentException>(() => BiasOptions.Parse("wild")).Message);
    }
}
