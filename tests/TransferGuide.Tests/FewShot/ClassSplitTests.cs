using TransferGuide.FewShot;

namespace TransferGuide.Tests.FewShot;

public class ClassSplitTests
{
    [Fact]
    public void The_default_split_of_17_classes_is_8_4_5_disjoint_and_covers_every_class()
    {
        var split = ClassSplit.Default(17, seed: 42);
        Assert.Equal((8, 4, 5), (split.Train.Count, split.Validation.Count, split.Test.Count));
        Assert.Empty(split.Test.Intersect(split.Train));
        Assert.Empty(split.Test.Intersect(split.Validation));
        Assert.Empty(split.Train.Intersect(split.Validation));
        Assert.Equal(Enumerable.Range(0, 17), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        split.Validate();
    }

    [Fact]
    public void The_split_is_seeded()
    {
        Assert.Equal(ClassSplit.Default(17, 3).Test, ClassSplit.Default(17, 3).Test);
        Assert.True(Enumerable.Range(1, 10).Select(s => string.Join(",", ClassSplit.Default(17, s).Test)).Distinct().Count() > 1);
    }

    [Fact]
    public void Test_episodes_never_draw_a_meta_train_class()
    {
        var split = ClassSplit.Default(17, seed: 5);
        var labels = Enumerable.Range(0, 17).SelectMany(c => Enumerable.Repeat(c, 20)).ToArray();
        var test = new EpisodeSampler(labels, split.Test);
        foreach (var e in test.Sample(100, 5, 1, 5, seed: 1))
            Assert.All(e.Support.Concat(e.Query), row => Assert.DoesNotContain(labels[row], split.Train.Concat(split.Validation)));
    }

    [Fact]
    public void An_overlapping_split_is_refused_and_says_which_class()
    {
        var split = new ClassSplit([0, 1, 2], [3], [2, 4]);
        var e = Assert.Throws<ArgumentException>(split.Validate);
        Assert.Contains("Class 2", e.Message);
        Assert.Throws<ArgumentException>(() => ClassSplit.Random(5, 3, 2));
    }
}
