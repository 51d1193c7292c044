namespace TransferGuide.Tests.Data;

/// <summary>Datasets.Load, the one way from a catalog name or a folder to a dataset, and what it says when it cannot.</summary>
public class DatasetsTests
{
    [Fact]
    public void A_folder_loads_as_it_is_and_records_itself_as_the_source()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("colours", 2, "train", "val");
        foreach (var data in new[] { Datasets.Load(root), Datasets.Load(null, root, null) })
        {
            Assert.Equal(["blue", "red"], data.Classes.Order());
            Assert.Equal(8, data.Items.Count);
            Assert.Equal(Path.GetFullPath(root), data.Source?.Folder);
            Assert.Null(data.Source?.Catalog);
        }
    }

    [Fact]
    public void The_folder_wins_over_the_name_as_data_wins_over_dataset()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("colours", 2);
        Assert.Equal("colours", Datasets.Load("no_such_dataset", root, null).Name);
    }

    [Fact]
    public void A_name_that_is_neither_a_dataset_nor_a_folder_is_named_with_the_fix()
    {
        var e = Assert.Throws<DatasetNotFoundException>(() => Datasets.Load("my-fotos"));
        Assert.Contains("'my-fotos' is neither a catalog dataset", e.Message);
        Assert.Contains("hymenoptera_data", e.Message);
        Assert.Contains("Pass a catalog name, or the path of your class folders", e.Message);
    }

    [Theory]
    [InlineData("fsdd", "fsdd is a dataset of audio, not images")]
    [InlineData("sst2", "sst2 is a dataset of text, not images")]
    [InlineData("fashion_mnist", "tg fewlabels")]
    public void A_catalog_dataset_that_is_not_image_folders_says_what_to_use(string name, string said)
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load(name, null, null));
        Assert.Contains(said, e.Message);
        Assert.Contains("--data DIR", e.Message);
    }

    [Fact]
    public void Neither_a_name_nor_a_folder_is_an_error()
    {
        Assert.Contains("Give a dataset name or a data folder", Assert.Throws<ArgumentException>(() => Datasets.Load(null, null, null)).Message);
    }

    [Fact]
    public void An_unknown_name_gets_the_catalogs_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load("no_such_dataset", null, null));
        Assert.Contains("No dataset named 'no_such_dataset' in the catalog", e.Message);
    }
}
