namespace TransferGuide.Tests.Training;

public class ImageBatchSourceTests
{
    static readonly Preprocessing Small = Preprocessing.CntkResNet with { CropSize = 32, ResizeShorterSide = 36 };

    static List<float[]> Epoch(ImageBatchSource source, int epoch = 0) =>
        source.Batches(source.Order(3, epoch, shuffle: true), 5, 3, epoch).Select(b => b.Pixels).ToList();

    [Fact]
    public void Batches_are_the_same_whatever_the_workers_and_prefetch()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(dir.ColourDataset("d", 6));
        var transforms = Transforms.Strong(Small);
        using var one = new ImageBatchSource(data.Items, transforms, Small, new LoadReport(), new PipelineOptions(Workers: 1, Prefetch: 0));
        using var two = new ImageBatchSource(data.Items, transforms, Small, new LoadReport(), new PipelineOptions(Workers: 2, Prefetch: 3));
        var a = Epoch(one); var b = Epoch(two);
        Assert.Equal(3, a.Count);
        Assert.Equal(a, b);
        Assert.NotEqual(a, Epoch(one, epoch: 1)); // another epoch, other augmentations
        Assert.Equal(12, one.CachedImages + one.SpilledImages); // other tests share the process's memory budget
    }

    [Fact]
    public void Images_over_the_memory_budget_go_to_the_disk_cache_and_batches_do_not_change()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(dir.ColourDataset("d", 6));
        var cache = dir.Combine("spill");
        var transforms = Transforms.Strong(Small);
        using var memory = new ImageBatchSource(data.Items, transforms, Small, new LoadReport(), new PipelineOptions(MemoryCacheMegabytes: 64));
        using var spilled = new ImageBatchSource(data.Items, transforms, Small, new LoadReport(), new PipelineOptions(DiskCacheFolder: cache, MemoryCacheMegabytes: 0));
        Assert.Equal(Epoch(memory), Epoch(spilled));
        Assert.Equal(Epoch(memory, epoch: 1), Epoch(spilled, epoch: 1)); // the second epoch reads the spilled copies back
        Assert.Equal((0, 12), (spilled.CachedImages, spilled.SpilledImages));
        Assert.Equal(12, Directory.GetFiles(cache, "*.rgb").Length);
    }

    [Fact]
    public void Disk_cache_serves_the_same_pixels_to_a_new_source_and_notices_changed_files()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(dir.ColourDataset("d", 3));
        var cache = dir.Combine("cache");
        var eval = Transforms.Eval(Small);
        List<float[]> first;
        using (var source = new ImageBatchSource(data.Items, eval, Small, new LoadReport(), new PipelineOptions(DiskCacheFolder: cache)))
            first = Epoch(source);
        Assert.Equal(6, Directory.GetFiles(cache, "*.rgb").Length);

        using (var again = new ImageBatchSource(data.Items, eval, Small, new LoadReport(), new PipelineOptions(MemoryCache: false, DiskCacheFolder: cache)))
            Assert.Equal(first, Epoch(again));

        // Replace one photo: its old cached pixels must not be served.
        var changed = data.Items[0].Path;
        dir.Image(Path.GetRelativePath(dir.Path, changed), 0, 255, 0);
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(1));
        using var fresh = new ImageBatchSource(data.Items, eval, Small, new LoadReport(), new PipelineOptions(DiskCacheFolder: cache));
        Assert.NotEqual(first, Epoch(fresh));
        Assert.Equal(7, Directory.GetFiles(cache, "*.rgb").Length);
    }

    [Fact]
    public void A_file_that_fails_is_reported_once_and_left_out()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("d", 3);
        var good = File.ReadAllBytes(dir.Image("big.jpg", 30, 30, 200, width: 200, height: 150));
        var cut = dir.Bytes("d/blue/cut.jpg", good);
        var data = ImageFolder.Load(root);
        Assert.Contains(data.Items, i => i.Path == cut); // whole when the folder was scanned...
        File.WriteAllBytes(cut, good.Take(good.Length * 2 / 3).ToArray()); // ...cut short before it is decoded
        var report = new LoadReport();
        using var source = new ImageBatchSource(data.Items, Transforms.Eval(Small), Small, report, new PipelineOptions(MemoryCache: false));
        for (int epoch = 0; epoch < 2; epoch++)
            Assert.Equal(6, source.Batches(source.Order(0, epoch, true), 4, 0, epoch).Sum(b => b.Count));
        Assert.Equal(cut, Assert.Single(report.Skipped).Path);
    }

    [Fact]
    public void Transforms_that_do_not_end_at_the_crop_size_name_the_fix()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(dir.ColourDataset("d", 1));
        using var source = new ImageBatchSource(data.Items, [new HorizontalFlip()], Small, new LoadReport());
        var e = Assert.ThrowsAny<Exception>(() => source.Batches(source.Order(0, 0, false), 2, 0, 0).ToList());
        Assert.Contains("End the pipeline with a crop", e.ToString());
    }
}
