using System.Text;

namespace TransferGuide.Tests.Text;

public class LabelTabTextTests
{
    static readonly string[] SpamClasses = ["ham", "spam"];

    [Fact]
    public void Reads_label_and_text_with_file_and_line_for_each_example()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("sms.txt", Encoding.UTF8.GetBytes("ham\tSee you at 5\r\n\nspam\tWIN a prize\tnow\nham\t  café ok  \n"));
        var items = LabelTabText.Read(path, SpamClasses, "all");
        Assert.Equal(3, items.Count);
        Assert.Equal(new TextExample("See you at 5", 0, "all", path, 1), items[0]);
        Assert.Equal("WIN a prize\tnow", items[1].Text); // only the first TAB separates
        Assert.Equal((1, 3), (items[1].Label, items[1].Line));
        Assert.Equal(("café ok", 4), (items[2].Text, items[2].Line));
    }

    [Theory]
    [InlineData("ham\tfine\nno tab on this line\n", 2, "no TAB")]
    [InlineData("ham\tfine\nham\tfine\neggs\tunknown label\n", 3, "'eggs' is not one of ham, spam")]
    [InlineData("spam\t   \n", 1, "no text after the TAB")]
    public void Malformed_lines_name_the_file_and_line(string content, int line, string expected)
    {
        using var dir = new TempDir();
        var path = dir.Bytes("bad.txt", Encoding.UTF8.GetBytes(content));
        var e = Assert.Throws<TextFormatException>(() => LabelTabText.Read(path, SpamClasses, "all"));
        Assert.Contains(path, e.Message);
        Assert.Contains($"line {line}:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Text_that_is_not_utf8_names_the_file_and_the_fix()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("latin1.txt", [.. "ham\tcaf"u8, 0xE9, (byte)'\n']);
        var e = Assert.Throws<TextFormatException>(() => LabelTabText.Read(path, SpamClasses, "all"));
        Assert.Contains(path, e.Message);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void A_missing_file_of_a_dataset_names_it_and_how_to_get_it()
    {
        using var dir = new TempDir();
        dir.Bytes("sst2/train.txt", "1\tgood\n"u8.ToArray());
        var e = Assert.Throws<FileNotFoundException>(() => TextDatasets.Load(DatasetCatalog.Get("sst2"), dir.Combine("sst2")));
        Assert.Contains(dir.Combine("sst2", "dev.txt"), e.Message);
        Assert.Contains("SST2/train.txt", e.Message); // the manual steps
    }

    [Fact]
    public void Sst2_loads_with_the_catalog_counts_and_class_names()
    {
        var data = TextDatasets.Load("sst2");
        var manifest = DatasetCatalog.Get("sst2");
        Assert.Equal(["train", "dev", "test"], data.Splits);
        foreach (var split in data.Splits)
            Assert.Equal(manifest.Splits[split].Values, data.ClassCounts(split));
        Assert.Equal(["negative", "positive"], data.ClassNames);
    }

    [Fact]
    public void Sms_spam_loads_deduplicates_and_splits_stratified_with_a_seed()
    {
        var data = TextDatasets.Load("sms_spam");
        Assert.Equal([4827, 747], data.ClassCounts());

        var unique = data.Deduplicate(out var dropped);
        // 403 lines repeat an earlier line byte for byte; 11 more differ only in leading or trailing spaces,
        // which the loader trims.
        Assert.Equal(414, dropped.Count);
        Assert.Equal(data.Items.Count - 414, unique.Items.Count);

        var split = unique.StratifiedSplit(0.2, seed: 7);
        var again = unique.StratifiedSplit(0.2, seed: 7);
        Assert.Equal(split.Items, again.Items);
        var test = split.ClassCounts("test");
        var all = unique.ClassCounts();
        for (int c = 0; c < 2; c++) Assert.InRange(test[c], (int)(all[c] * 0.2) - 1, (int)(all[c] * 0.2) + 1);
        // No message text is in both splits once repeats are gone.
        var trainTexts = split.Split("train").Select(i => i.Text).ToHashSet();
        Assert.DoesNotContain(split.Split("test"), i => trainTexts.Contains(i.Text));
    }
}
