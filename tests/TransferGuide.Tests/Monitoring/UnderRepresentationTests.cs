namespace TransferGuide.Tests.Monitoring;

public class UnderRepresentationTests
{
    static readonly IReadOnlyList<DataItem> Train = [.. from s in new[] { "ann", "bob" } from n in Enumerable.Range(0, 20)
                                                         select new DataItem($"/d/train/{n % 2}/{n % 2}_{s}_{n}.wav", n % 2, "train")];

    [Fact]
    public void Parses_groups_with_and_without_counts()
    {
        Assert.Equal([new("jackson", 10), new("theo", 5)], UnderRepresentation.Parse("jackson, theo:5"));
        Assert.Empty(UnderRepresentation.Parse(null));
        Assert.Contains("'x' is not a number", Assert.Throws<ArgumentException>(() => UnderRepresentation.Parse("ann:x")).Message);
        Assert.Contains("is not GROUP or GROUP:N", Assert.Throws<ArgumentException>(() => UnderRepresentation.Parse(":3")).Message);
    }

    [Fact]
    public void Keeps_the_asked_number_seeded_and_refuses_an_unknown_group_naming_the_known()
    {
        var kept = UnderRepresentation.Apply(Train, i => SpeakerGroups.SpeakerOf(i.Path), [new("bob", 3)], seed: 1, "speaker");
        Assert.Equal(20, kept.Count(i => i.Path.Contains("_ann_")));
        Assert.Equal(3, kept.Count(i => i.Path.Contains("_bob_")));
        Assert.Equal(kept, UnderRepresentation.Apply(Train, i => SpeakerGroups.SpeakerOf(i.Path), [new("bob", 3)], seed: 1, "speaker"));
        Assert.NotEqual(kept, UnderRepresentation.Apply(Train, i => SpeakerGroups.SpeakerOf(i.Path), [new("bob", 3)], seed: 2, "speaker"));
        var e = Assert.Throws<ArgumentException>(() => UnderRepresentation.Apply(Train, i => SpeakerGroups.SpeakerOf(i.Path), [new("zed", 3)], 1, "speaker"));
        Assert.Contains("no training clip of speaker 'zed'. The known speakers are: ann, bob.", e.Message);
    }
}
