using System.Text;
using TransferGuide.Models.Text;

namespace TransferGuide.Tests.Text;

/// <summary>Bad lines in a text file: each gets an error naming the file and the line, or is cut and counted.</summary>
public class TextBadInputTests
{
    static string Lines(int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"{(i % 2 == 0 ? "pos" : "neg")}\tsentence number {i}\n"));

    [Theory]
    [InlineData("pos\t\n", "no text after the TAB")]
    [InlineData("this line has no tab\n", "no TAB between label and text")]
    public void A_bad_line_in_your_own_file_names_the_file_and_line(string bad, string expected)
    {
        using var dir = new TempDir();
        var path = dir.Bytes("mine.tsv", Encoding.UTF8.GetBytes(Lines(6) + bad + Lines(2)));
        var e = Assert.Throws<TextFormatException>(() => TextData.Load(null, path, seed: 1));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 7:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Invalid_utf8_names_the_file_the_line_and_the_fix()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("latin1.tsv", [.. Encoding.UTF8.GetBytes(Lines(4)), .. "pos\tcaf"u8, 0xE9, (byte)'\n', .. Encoding.UTF8.GetBytes(Lines(2))]);
        var e = Assert.Throws<TextFormatException>(() => TextData.Load(null, path, seed: 1));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 5:", e.Message);
        Assert.Contains("iconv", e.Message);
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_label()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("bom.tsv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Lines(10))]);
        Assert.Equal(["neg", "pos"], TextData.LabelsIn(path));
        Assert.Equal(10, TextData.Load(null, path, seed: 1).All.Count());
    }

    [Fact]
    public void An_unknown_label_in_a_catalog_dataset_names_the_file_and_line()
    {
        using var dir = new TempDir();
        dir.Bytes("sst2/train.txt", "1\tgood\n0\tbad\n2\twhat\n"u8.ToArray());
        dir.Bytes("sst2/dev.txt", "1\tgood\n"u8.ToArray());
        dir.Bytes("sst2/test.txt", "1\tgood\n"u8.ToArray());
        var e = Assert.Throws<TextFormatException>(() => TextDatasets.Load(DatasetCatalog.Get("sst2"), dir.Combine("sst2")));
        Assert.Contains(dir.Combine("sst2", "train.txt"), e.Message);
        Assert.Contains("line 3:", e.Message);
        Assert.Contains("'2' is not one of 0, 1", e.Message);
    }

    [Fact]
    public void A_file_with_one_label_says_a_classifier_needs_two()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("one.tsv", "pos\tgood\npos\tgreat\n"u8.ToArray());
        var e = Assert.Throws<TextFormatException>(() => TextData.Load(null, path, seed: 1));
        Assert.Contains(path, e.Message);
        Assert.Contains("at least two", e.Message);
    }

    [Fact]
    public void A_100k_character_line_is_cut_at_max_tokens_and_counted()
    {
        using var dir = new TempDir();
        var huge = string.Join(' ', Enumerable.Repeat("wonderful", 10_000)); // 99,999 characters
        var path = dir.Bytes("long.tsv", Encoding.UTF8.GetBytes(Lines(20) + "pos\t" + huge + "\n"));
        var splits = TextData.Load(null, path, seed: 1);
        var all = splits.All.ToList();
        Assert.Equal(21, all.Count);
        Assert.Contains(all, t => t.Text.Length == huge.Length);
        var source = new TextBatchSource(all, new WordPieceTokenizer(MiniLmPackage.Vocabulary(), new TokenizerSettings(MiniLm.Id)));
        Assert.Equal(1, source.Truncated);
        Assert.Equal(128, Enumerable.Range(0, source.Count).Max(i => source.TokenIds(i).Count));
    }

    [Fact]
    public void Data_without_splits_loses_its_repeats_then_splits_per_class()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("repeats.tsv", Encoding.UTF8.GetBytes(Lines(40) + "pos\tsentence number 0\n"));
        var splits = TextData.Load(null, path, seed: 3);
        Assert.Equal(1, splits.DroppedRepeats);
        Assert.Equal(40, splits.All.Count());
        Assert.Equal(8, splits.Test.Count);
        Assert.Equal("val", splits.ValidName);
        Assert.Empty(splits.Train.Select(t => t.Text).Intersect(splits.Test.Select(t => t.Text)));
    }
}
