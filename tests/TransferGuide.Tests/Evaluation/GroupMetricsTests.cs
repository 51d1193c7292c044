namespace TransferGuide.Tests.Evaluation;

public class GroupMetricsTests
{
    // indoor: 4 pos all found, 2 neg right. outdoor: 4 pos, 1 found; 2 neg, one called pos. One item has no group.
    static readonly int[] Labels = [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0];
    static readonly int[] Predicted = [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
    static readonly string?[] Groups = ["indoor", "indoor", "indoor", "indoor", "indoor", "indoor",
        "outdoor", "outdoor", "outdoor", "outdoor", "outdoor", "outdoor", null];

    static ClassificationResult Result() => MetricFixtures.Hard(["neg", "pos"], Labels, Predicted,
        Labels.Select((_, i) => $"/data/val/{(Labels[i] == 1 ? "pos" : "neg")}/img{i}.jpg").ToArray());

    [Fact]
    public void A_known_gap_is_reported_exactly()
    {
        var g = GroupMetrics.Compute(Result(), Groups);
        Assert.Equal(["indoor", "outdoor"], g.Groups.Select(x => x.Group));
        Assert.Equal(1.0, g.Groups[0].Report.Accuracy);
        Assert.Equal(2.0 / 6, g.Groups[1].Report.Accuracy, 12);

        var recall = g.LargestRecallGap!;
        Assert.Equal(("pos", "indoor", 1.0, "outdoor", 0.25), (recall.Class, recall.BestGroup, recall.BestValue, recall.WorstGroup, recall.WorstValue));
        Assert.Equal(0.75, recall.Gap, 12);
        Assert.Equal(0.5, g.RecallGaps.Single(x => x.Class == "neg").Gap, 12);

        var precision = g.LargestPrecisionGap!;
        Assert.Equal(("neg", 1.0, 0.25), (precision.Class, precision.BestValue, precision.WorstValue)); // outdoor "neg" is right 1 of 4 times
        Assert.Equal(0.5, g.PrecisionGaps.Single(x => x.Class == "pos").Gap, 12);
        Assert.Equal(1, g.Ungrouped);

        var summary = g.Summary();
        Assert.Contains("largest recall gap is for pos: 100% of indoor's pos items are recognised, but only 25% of outdoor's, a gap of 75%", summary);
        Assert.Contains("1 evaluated item(s) had no group", summary);
    }

    [Fact]
    public void Group_csv_matches_relative_paths_and_file_names()
    {
        using var dir = new TempDir();
        var csv = dir.Bytes("groups.csv", System.Text.Encoding.UTF8.GetBytes(
            "item,group\n" + string.Join("\n", Labels.Select((_, i) => (i, g: Groups[i])).Where(x => x.g != null)
                .Select(x => x.i % 2 == 0 ? $"val/{(Labels[x.i] == 1 ? "pos" : "neg")}/img{x.i}.jpg,{x.g}" : $"img{x.i}.jpg,{x.g}")) + "\nmissing.jpg,indoor\n"));
        var g = GroupMetrics.Compute(Result(), GroupAssignments.Load(csv), root: "/data");
        Assert.Equal(0.75, g.LargestRecallGap!.Gap, 12);
        Assert.Equal(["missing.jpg"], g.UnmatchedItems);
    }

    [Fact]
    public void Bad_group_files_name_the_file_and_line()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<GroupFileException>(() => GroupAssignments.Load(dir.Combine("none.csv")));
        Assert.Contains("none.csv does not exist", e.Message);
        var bad = dir.Bytes("bad.csv", "a.jpg,x\nb.jpg\n"u8.ToArray());
        e = Assert.Throws<GroupFileException>(() => GroupAssignments.Load(bad));
        Assert.Contains("bad.csv, line 2: expected two fields", e.Message);
        var clash = dir.Bytes("clash.csv", "a.jpg,x\na.jpg,y\n"u8.ToArray());
        e = Assert.Throws<GroupFileException>(() => GroupAssignments.Load(clash));
        Assert.Contains("line 2: a.jpg is in group 'y' but line 1 put it in 'x'", e.Message);
        var empty = dir.Bytes("empty.csv", "a.jpg,\n"u8.ToArray());
        Assert.Contains("empty group", Assert.Throws<GroupFileException>(() => GroupAssignments.Load(empty)).Message);
    }

    [Fact]
    public void One_group_cannot_be_compared()
    {
        var g = GroupMetrics.Compute(Result(), Labels.Select(_ => (string?)"all").ToArray());
        Assert.Null(g.LargestRecallGap);
        Assert.Contains("Only one group", g.Summary());
    }
}
