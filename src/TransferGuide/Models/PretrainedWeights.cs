using System.Reflection;

namespace TransferGuide.Models;

/// <summary>Finds the ImageNet ResNet18 ONNX file that ships in Microsoft.ML.DnnImageFeaturizer.ResNet18.</summary>
public static class PretrainedWeights
{
    /// <summary>Environment variable that points at a ResNet18.onnx, overriding the search.</summary>
    public const string EnvironmentVariable = "TRANSFERGUIDE_RESNET18_ONNX";

    /// <summary>The NuGet package that carries the weights.</summary>
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>Where the weights were looked for, in order, and whether each exists.</summary>
    public static IReadOnlyList<(string Where, string Path, bool Exists)> Candidates()
    {
        var list = new List<(string, string, bool)>();
        void Add(string where, string? path)
        {
            if (string.IsNullOrWhiteSpace(path)) return;
            list.Add((where, path, File.Exists(path)));
        }
        Add("$" + EnvironmentVariable, Environment.GetEnvironmentVariable(EnvironmentVariable));
        const string relative = "DnnImageModels/ResNet18Onnx/ResNet18.onnx";
        Add("next to the application", Path.Combine(AppContext.BaseDirectory, relative));
        var libraryDir = Path.GetDirectoryName(typeof(PretrainedWeights).Assembly.Location);
        if (!string.IsNullOrEmpty(libraryDir)) Add("next to TransferGuide.dll", Path.Combine(libraryDir, relative));
        var restored = typeof(PretrainedWeights).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ResNet18OnnxRestorePath")?.Value;
        Add("NuGet restore of " + PackageId, restored);
        return list;
    }

    /// <summary>The path of ResNet18.onnx, or an error that lists where it looked and how to fix it.</summary>
    public static string ResNet18Onnx()
    {
        var candidates = Candidates();
        var found = candidates.FirstOrDefault(c => c.Exists);
        if (found.Path != null) return found.Path;
        throw new FileNotFoundException(
            "The ImageNet ResNet18 weights (ResNet18.onnx) were not found. Looked in:\n" +
            string.Join("\n", candidates.Select(c => $"  - {c.Where}: {c.Path}")) +
            $"\nFix: run `dotnet restore` (it downloads {PackageId} 0.23.1), or set {EnvironmentVariable} to a copy of ResNet18.onnx.");
    }

    /// <summary>
    /// Identifies the pretrained weights a feature-cache entry was made with: the model id and the ONNX file's size and
    /// time, so features cached by quickstart, week 4 or week 12's rooms are found by all of them, and new weights miss.
    /// </summary>
    public static string CacheId(ModelSpec spec)
    {
        var file = new FileInfo(ResNet18Onnx());
        return $"{spec.Id}:{file.Length}:{file.LastWriteTimeUtc.Ticks}";
    }
}
