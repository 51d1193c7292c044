using TransferGuide.Monitoring;

namespace TransferGuide.Tests.Monitoring;

public class RepresentationTests
{
    // train: ann 6 (x 3, y 3), bob 3 (x 3, y 0), cat 11 (x 6, y 5); test: ann 2, bob 2, cat 2; one item without a group.
    static IEnumerable<(string Split, string Class, string? Group)> Rows()
    {
        foreach (var (group, x, y) in new[] { ("ann", 3, 3), ("bob", 3, 0), ("cat", 6, 5) })
        {
            for (int i = 0; i < x; i++) yield return ("train", "x", group);
            for (int i = 0; i < y; i++) yield return ("train", "y", group);
            yield return ("test", "x", group);
            yield return ("test", "y", group);
        }
        yield return ("train", "x", null);
    }

    [Fact]
    public void Counts_shares_and_gaps_of_a_known_table()
    {
        var r = Representation.Of(Rows(), ["x", "y"], tinyCell: 4);
        Assert.Equal(["train", "test"], r.Splits);
        Assert.Equal(["cat", "ann", "bob"], r.Groups.Select(g => g.Group));
        var bob = r.Groups.Single(g => g.Group == "bob");
        Assert.Equal(5, bob.Count);
        Assert.Equal(3, bob.BySplit["train"]);
        Assert.Equal(2, bob.BySplit["test"]);
        Assert.Equal(3.0 / 20, bob.ShareBySplit["train"], 12);
        Assert.Equal(5.0 / 26, bob.Share, 12);
        Assert.Equal(1, r.Ungrouped);
        Assert.Equal("cat", r.Largest.Group);
        Assert.Equal("bob", r.Smallest.Group);
        Assert.Equal(11.0 / 3, r.LargestToSmallest, 12);
        Assert.Equal(3, r.CountOf("train", "ann", "y"));
        Assert.Equal(12, r.Cells.Count); // 2 splits × 3 groups × 2 classes, zeros included
    }

    [Fact]
    public void Empty_and_tiny_cells_and_the_smallest_groups_are_named()
    {
        var r = Representation.Of(Rows(), ["x", "y"], tinyCell: 4);
        var empty = Assert.Single(r.EmptyCells);
        Assert.Equal(("train", "bob", "y"), (empty.Split, empty.Group, empty.Class));
        // Non-empty cells under 4: ann x/y and bob x in train, and every test cell (1 each).
        Assert.Equal(3 + 6, r.TinyCells.Count);
        Assert.Equal(["bob"], r.UnderRepresented.Select(g => g.Group)); // 15% of train, under half an equal share (16.7%)
        var s = r.Summary();
        Assert.Contains("largest group is cat (11 items, 55%)", s);
        Assert.Contains("smallest is bob (3 items, 15%)", s);
        Assert.Contains("1 of 6 group-by-class cells of train are empty: bob × y", s);
        Assert.Contains("1 item(s) have no group", s);
    }

    [Fact]
    public void A_group_under_half_an_equal_share_is_called_under_represented()
    {
        var rows = Enumerable.Repeat(("train", "x", (string?)"big"), 40).Concat(Enumerable.Repeat(("train", "x", (string?)"mid"), 30))
            .Append(("train", "x", "small"));
        var r = Representation.Of(rows);
        Assert.Equal(["small"], r.UnderRepresented.Select(g => g.Group));
        Assert.Contains("Under-represented in train (under half an equal share of 33.3%): small (1 items, 1.4%)", r.Summary());
    }

    [Fact]
    public void Items_and_a_group_function_give_the_same_report()
    {
        var items = new[] { new DataItem("/d/train/0/0_ann_1.wav", 0, "train"), new DataItem("/d/train/1/1_bob_1.wav", 1, "train"), new DataItem("/d/x.wav", 1, "train") };
        var r = Representation.Of(items, i => SpeakerGroups.SpeakerOf(i.Path), ["zero", "one"]);
        Assert.Equal(["ann", "bob"], r.Groups.Select(g => g.Group).Order());
        Assert.Equal(1, r.Ungrouped);
        Assert.Equal(1, r.CountOf("train", "bob", "one"));
        Assert.Equal(2, r.EmptyCells.Count);
    }
}
