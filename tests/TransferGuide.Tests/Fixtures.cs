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

    static readonly Lazy<string> Pristine = new(() =>
    {
        var package = System.IO.Path.Combine(NuGetPackages, "torchsharp", "0.107.0", "torchsharp.0.107.0.nupkg");
        var file = System.IO.Path.Combine(Directory.CreateTempSubdirectory("tg-pristine-").FullName, "libLibTorchSharp.so");
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        System.IO.Compression.ZipFileExtensions.ExtractToFile(zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!, file);
        return file;
    });

    /// <summary>
    /// TorchSharp's libLibTorchSharp.so as shipped, read from the .nupkg: the extracted runtimes/ copy in the
    /// NuGet cache is patched in place once a notebook has loaded TorchSharp from there (TorchRuntime does that
    /// on purpose). Extracted once per test run to a temporary file; callers copy it before changing it.
    /// </summary>
    public static string PristineLibTorchSharp => Pristine.Value;
}
