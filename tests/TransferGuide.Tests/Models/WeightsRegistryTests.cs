using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TransferGuide.Tests.Models;

/// <summary>Tests that set TRANSFERGUIDE_WEIGHTS; one class so that they never run side by side.</summary>
public class WeightsRegistryTests
{
    [Fact]
    public void Registry_holds_official_torchvision_addresses_with_hash_prefixes()
    {
        foreach (var f in TorchvisionWeights.Files)
        {
            Assert.StartsWith("https://download.pytorch.org/models/", f.Url);
            Assert.Contains("-" + f.Sha256Prefix + ".pth", f.Url);
            if (f.Sha256 is { } full) Assert.StartsWith(f.Sha256Prefix, full);
            ModelZoo.Spec(f.ModelId);
        }
        Assert.True(TorchvisionWeights.For("resnet18")!.Matches("f37072fd47e89c5e827621c5baffa7500819f7896bbacec160b1a16c560e07ec"));
        Assert.False(TorchvisionWeights.For("mobilenet_v2")!.Matches("00000000aa"));
    }

    [Fact]
    public void Offline_error_names_the_file_the_address_and_where_to_put_it_then_the_cached_file_loads()
    {
        using var dir = new TempDir();
        var old = Environment.GetEnvironmentVariable(TorchvisionWeights.CacheEnvironmentVariable);
        Environment.SetEnvironmentVariable(TorchvisionWeights.CacheEnvironmentVariable, dir.Path);
        try
        {
            var e = Assert.Throws<WeightsNotFoundException>(() => TorchvisionWeights.Ensure("mobilenet_v2", allowDownload: false));
            var expectedPath = Path.Combine(dir.Path, "mobilenet_v2-b0353104.pth");
            Assert.Contains("https://download.pytorch.org/models/mobilenet_v2-b0353104.pth", e.Message);
            Assert.Contains(expectedPath, e.Message);
            Assert.Equal(expectedPath, e.ExpectedPath);
            Assert.False(ModelZoo.PretrainedAvailable("mobilenet_v2"));

            // A file in torchvision's format at that place is what Create(pretrained: true) loads: write one
            // with PyBridge (1000 classes, as torchvision's) and check every backbone tensor arrives.
            using var scope = NewDisposeScope();
            torch.random.manual_seed(3);
            using (var source = new TorchvisionMobileNet("mobilenet_v2", 1000)) source.save_py(expectedPath);
            Assert.True(ModelZoo.PretrainedAvailable("mobilenet_v2"));
            using var reference = new TorchvisionMobileNet("mobilenet_v2", 1000);
            PyTorchStateDict.LoadInto(reference, expectedPath);
            using var model = ModelZoo.Create("mobilenet_v2", numClasses: 2, pretrained: true);
            var want = reference.state_dict();
            foreach (var (name, t) in model.state_dict())
            {
                if (name.StartsWith("classifier.1.", StringComparison.Ordinal)) { Assert.Equal(2, t.shape[0]); continue; }
                Assert.True(t.eq(want[name]).all().item<bool>(), name);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(TorchvisionWeights.CacheEnvironmentVariable, old);
        }
    }
}
