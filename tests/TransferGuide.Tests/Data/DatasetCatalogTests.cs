namespace TransferGuide.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void Catalog_covers_the_course_datasets_with_sources_and_licences()
    {
        var names = DatasetCatalog.Datasets.Select(d => d.Name).ToList();
        Assert.Equal(["fashion_mnist", "fsdd", "hymenoptera_data", "oxford_flowers17", "sign_language_digits", "sms_spam", "sst2"], names);
        foreach (var d in DatasetCatalog.Datasets)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Licence), d.Name);
            Assert.NotEmpty(d.Classes);
            Assert.NotEmpty(d.Splits);
            Assert.True(d.Source.Url != null || d.Source.DebianPackage != null, d.Name);
            Assert.True(d.Source.AutoDownload || d.Source.ManualSteps.Count > 0, $"{d.Name} needs steps for people");
        }
    }

    [Fact]
    public void Image_manifests_match_the_shared_copies_file_for_file()
    {
        foreach (var d in DatasetCatalog.Datasets.Where(d => d.Layout.EndsWith("class-folders", StringComparison.Ordinal)))
        {
            var root = DatasetResolver.Resolve(d.Name, allowDownload: false);
            Downloader.CheckCounts(d, root);
        }
    }

    [Fact]
    public void Missing_dataset_lists_every_place_tried()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetResolver.Resolve("hymenoptera_data", dir.Combine("nowhere")));
        Assert.Contains(dir.Combine("nowhere"), e.Message);

        var manifest = DatasetCatalog.Get("oxford_flowers17") with { Name = "not_here_flowers" };
        var ex = Assert.Throws<DatasetNotFoundException>(() => DatasetResolver.Resolve(manifest, allowDownload: false));
        Assert.Contains("user cache", ex.Message);
        Assert.Contains("TRANSFERGUIDE_DATA", ex.Message);
        Assert.Contains("How to get it", ex.Message);
    }

    [Fact]
    public void Unknown_dataset_names_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetCatalog.Get("imagenet"));
        Assert.Contains("hymenoptera_data", e.Message);
    }
}
