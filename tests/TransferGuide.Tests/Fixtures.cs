using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace TransferGuide.Tests;

/// <summary>A temporary folder, deleted afterwards, with helpers that generate small test files.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("tg-test-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a solid-colour image with a little noise, in the format the extension names.</summary>
    public string Image(string relative, byte r, byte g, byte b, int width = 40, int height = 32, int seed = 0)
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int n = random.Next(-20, 21);
                image[x, y] = new Rgb24(Clamp(r + n), Clamp(g + n), Clamp(b + n));
            }
        image.Save(path);
        return path;
    }

    /// <summary>Writes raw bytes (for corrupt files and non-images).</summary>
    public string Bytes(string relative, byte[] bytes)
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A class-folder tree: <paramref name="perClass"/> red-ish and blue-ish images per split.</summary>
    public string ColourDataset(string name, int perClass, params string[] splits)
    {
        var root = Combine(name);
        var parts = splits.Length == 0 ? [""] : splits;
        int seed = 0;
        foreach (var split in parts)
            for (int i = 0; i < perClass; i++)
            {
                Image(System.IO.Path.Combine(name, split, "red", $"r{i}.png"), 200, 40, 40, seed: seed++);
                Image(System.IO.Path.Combine(name, split, "blue", $"b{i}.jpg"), 40, 40, 200, seed: seed++);
            }
        return root;
    }

    /// <summary>
    /// A distinct synthetic photo: a gradient with a few coloured rectangles placed by <paramref name="seed"/>, so
    /// perceptual hashes of different seeds differ as real photos do.
    /// </summary>
    public string Scene(string relative, int seed, int width = 96, int height = 72)
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var image = SceneImage(seed, width, height);
        image.Save(path);
        return path;
    }

    /// <summary>The image <see cref="Scene"/> writes.</summary>
    public static Image<Rgb24> SceneImage(int seed, int width = 96, int height = 72)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        int gx = random.Next(2), shade = random.Next(60, 200);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int v = (gx == 0 ? x * 255 / width : y * 255 / height);
                image[x, y] = new Rgb24(Clamp(v), Clamp(shade), Clamp(255 - v));
            }
        for (int k = 0; k < 5; k++)
        {
            int w = random.Next(width / 6, width / 2), h = random.Next(height / 6, height / 2);
            int x0 = random.Next(0, width - w), y0 = random.Next(0, height - h);
            var c = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) image[x, y] = c;
        }
        return image;
    }

    static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Where the shared real datasets are, for tests that need real photos.</summary>
public static class SharedData
{
    public static string Hymenoptera =>
        TransferGuide.Data.DatasetResolver.Resolve("hymenoptera_data", allowDownload: false);

    /// <summary>The NuGet package folder (for the pristine TorchSharp native library).</summary>
    public static string NuGetPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// A copy of TorchSharp's native library exactly as the package ships it. The package folder's own copy
    /// may already carry the kit's fix (a notebook on this machine loads TorchSharp from there), so the copy
    /// gets the one flag bit cleared again; the fix changes nothing else.
    /// </summary>
    public static string PristineLibTorchSharp(TempDir dir)
    {
        var source = System.IO.Path.Combine(NuGetPackages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var copy = dir.Combine("pristine", "libLibTorchSharp.so");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
        File.Copy(source, copy);
        var need = TransferGuide.Core.Native.ElfVersionNeeds.ReadVersionNeeds(copy)
            .Single(n => n.Version == TransferGuide.Core.Native.ElfVersionNeeds.TorchSharpGlibcxxVersion);
        if (need.IsWeak)
        {
            using var file = File.Open(copy, FileMode.Open, FileAccess.ReadWrite);
            var flags = new byte[2];
            file.Position = need.FlagsOffset;
            file.ReadExactly(flags);
            flags[0] &= unchecked((byte)~2); // VER_FLG_WEAK, little-endian vna_flags
            file.Position = need.FlagsOffset;
            file.Write(flags);
        }
        return copy;
    }
}

/// <summary>Small models the tests share.</summary>
public static class TestModels
{
    /// <summary>A ResNet18 with random weights from torch seed <paramref name="seed"/> and a <paramref name="classes"/>-class head.</summary>
    public static TransferGuide.Models.ResNet SeededResNet18(int seed, int classes)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        TorchSharp.torch.random.manual_seed(seed);
        return new TransferGuide.Models.ResNet(TransferGuide.Models.OnnxResNetWeights.CntkResNet18Blocks, classes);
    }
}
