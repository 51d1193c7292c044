using System.IO.Compression;

namespace TransferGuide.Tests.Data;

public class DownloaderTests
{
    static (DatasetManifest Manifest, string Zip) TinyArchive(TempDir dir, string? sha)
    {
        var root = dir.ColourDataset("payload/tiny", 2, "train", "val");
        var zip = dir.Combine("tiny.zip");
        ZipFile.CreateFromDirectory(dir.Combine("payload"), zip);
        var manifest = DatasetCatalog.Get("hymenoptera_data") with
        {
            Name = "tiny",
            Classes = ["blue", "red"],
            Splits = new Dictionary<string, IReadOnlyDictionary<string, int>>
            {
                ["train"] = new Dictionary<string, int> { ["blue"] = 2, ["red"] = 2 },
                ["val"] = new Dictionary<string, int> { ["blue"] = 2, ["red"] = 2 },
            },
            Source = new DatasetSource { Url = new Uri(zip).AbsoluteUri, Archive = "zip", ArchiveRoot = "tiny", Sha256 = sha, AutoDownload = true },
        };
        return (manifest, zip);
    }

    [Fact]
    public void Download_checks_sha256_then_unpacks_and_checks_counts()
    {
        using var dir = new TempDir();
        var (manifest, zip) = TinyArchive(dir, sha: null);
        manifest = manifest with { Source = manifest.Source with { Sha256 = Downloader.Sha256Of(zip) } };
        var target = dir.Combine("cache", "datasets", "tiny");
        Downloader.DownloadDataset(manifest, target);
        Assert.Equal(["blue", "red"], ImageFolder.Load(target).Classes);
    }

    [Fact]
    public void Wrong_sha256_fails_and_leaves_no_dataset_folder()
    {
        using var dir = new TempDir();
        var (manifest, _) = TinyArchive(dir, sha: new string('0', 64));
        var target = dir.Combine("cache", "datasets", "tiny");
        var e = Assert.Throws<InvalidDataException>(() => Downloader.DownloadDataset(manifest, target));
        Assert.Contains("SHA-256", e.Message);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Resolver_downloads_into_the_cache_when_nothing_else_has_it()
    {
        using var dir = new TempDir();
        var (manifest, zip) = TinyArchive(dir, sha: null);
        var messages = new List<string>();
        var path = DatasetResolver.Resolve(manifest, allowDownload: true, cacheRoot: dir.Combine("cache"),
            progress: new TransferGuide.Core.ActionProgress<DownloadProgress>(p => { if (p.Message != null) messages.Add(p.Message); }));
        Assert.Equal(dir.Combine("cache", "datasets", "tiny"), path);
        Assert.Contains(messages, m => m.Contains(Downloader.Sha256Of(zip)));
    }
}
