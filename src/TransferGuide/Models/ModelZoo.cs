using TransferGuide.Data;

using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>A model the zoo can build.</summary>
/// <param name="Id">Architecture id, stored in checkpoints (e.g. "resnet18_imagenet", "mobilenet_v2").</param>
/// <param name="Description">One line for people.</param>
/// <param name="Preprocessing">Input size and normalisation the pretrained weights expect.</param>
/// <param name="Weights">Where pretrained weights come from, for people.</param>
/// <param name="Source">Who builds the network: "TorchVision 0.107", "TransferGuide (torchvision layout)", ….</param>
public sealed record ModelSpec(string Id, string Description, Preprocessing Preprocessing, string Weights, string Source)
{
    /// <summary>Side of the square input the weights were trained at, in pixels.</summary>
    public int InputSize => Preprocessing.CropSize;

    internal Func<int, double?, ZooModel> Build { get; init; } = (_, _) => throw new InvalidOperationException("no builder");
    internal Action<ZooModel>? LoadPretrained { get; init; }
    internal Func<bool> PretrainedAvailable { get; init; } = () => false;

    /// <summary>The weights come with the kit (a NuGet package), so a missing file is an installation error, not a choice.</summary>
    public bool WeightsShipWithKit { get; init; }
}

/// <summary>
/// The model factory, in the spirit of timm's <c>create_model</c>: <c>ModelZoo.Create("mobilenet_v2", 2)</c>
/// gives a MobileNetV2 with ImageNet weights and a new head for two classes.
/// </summary>
public static class ModelZoo
{
    /// <summary>The CNTK ImageNet ResNet18 shipped in Microsoft.ML.DnnImageFeaturizer.ResNet18.</summary>
    public const string ResNet18ImageNet = "resnet18_imagenet";

    static readonly object Gate = new();
    static Dictionary<string, Tensor>? _resnet18State;

    const string Tv = "TorchVision 0.107 (torchvision.models)";
    const string Own = "TransferGuide, torchvision's layout";

    /// <summary>Every model the zoo builds.</summary>
    public static IReadOnlyList<ModelSpec> Available { get; } =
    [
        new(ResNet18ImageNet, "ResNet18 (blocks 2-2-2-3), ImageNet weights from Microsoft.ML.DnnImageFeaturizer.ResNet18, offline",
            Preprocessing.CntkResNet, "NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 (offline)", Own)
        {
            Build = (k, d) => new ResNet(OnnxResNetWeights.CntkResNet18Blocks, k, d ?? 0.0),
            LoadPretrained = m => OnnxResNetWeights.LoadInto((ResNet)m, ResNet18State()),
            PretrainedAvailable = () => PretrainedWeights.Candidates().Any(c => c.Exists),
            WeightsShipWithKit = true,
        },
        Torchvision("resnet18", "ResNet18 (torchvision layout, 11.7M parameters)", Tv, (k, d) => new TorchvisionResNet(18, k, d ?? 0.0), ["fc."]),
        Torchvision("resnet34", "ResNet34 (torchvision layout)", Tv, (k, d) => new TorchvisionResNet(34, k, d ?? 0.0), ["fc."]),
        Torchvision("resnet50", "ResNet50 with bottleneck blocks (torchvision layout)", Tv, (k, d) => new TorchvisionResNet(50, k, d ?? 0.0), ["fc."]),
        Torchvision("mobilenet_v2", "MobileNetV2, inverted residuals (efficient student)", Tv, (k, d) => new TorchvisionMobileNet("mobilenet_v2", k, d ?? 0.2), ["classifier.1."]),
        Torchvision("mobilenet_v3_small", "MobileNetV3-Small, squeeze-excitation and hard-swish (note: TorchVision 0.107 uses ReLU6 inside its SE blocks where torchvision uses ReLU)",
            Tv, (k, d) => new TorchvisionMobileNet("mobilenet_v3_small", k, d ?? 0.2), ["classifier.3."]),
        Torchvision("squeezenet1_1", "SqueezeNet 1.1, fire modules, 1.2M parameters", Own, (k, d) => new SqueezeNet(k, d ?? 0.5), ["classifier.1."]),
        Torchvision("efficientnet_b0", "EfficientNet-B0, MBConv with squeeze-excitation and stochastic depth", Own, (k, d) => new EfficientNet(k, d ?? 0.2), ["classifier.1."]),
    ];

    static ModelSpec Torchvision(string id, string description, string source, Func<int, double?, ZooModel> build, string[] head) =>
        new(id, description, Preprocessing.TorchvisionImageNet, $"torchvision {TorchvisionWeights.For(id)!.Tag}: {TorchvisionWeights.For(id)!.FileName}", source)
        {
            Build = build,
            LoadPretrained = m => PyTorchStateDict.LoadInto(m, TorchvisionWeights.Ensure(id), head),
            PretrainedAvailable = () => TorchvisionWeights.IsCached(id),
        };

    /// <summary>Looks up a model by id, with the list of ids in the error.</summary>
    public static ModelSpec Spec(string id) =>
        Available.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown model '{id}'. Available: {string.Join(", ", Available.Select(s => s.Id))}.", nameof(id));

    /// <summary>Whether <see cref="Create"/> with pretrained weights can run without a download.</summary>
    public static bool PretrainedAvailable(string id) => Spec(id).PretrainedAvailable();

    /// <summary>Builds a model with a new head for <paramref name="numClasses"/> classes.</summary>
    /// <param name="id">Architecture id (see <see cref="Available"/>).</param>
    /// <param name="numClasses">Outputs of the new head.</param>
    /// <param name="pretrained">
    /// Load the ImageNet weights: the offline ResNet18 from NuGet, or torchvision's file from the user cache
    /// (downloaded on first use; offline, a <see cref="WeightsNotFoundException"/> says which file to put where).
    /// </param>
    /// <param name="headDropout">Dropout before the head; null keeps the architecture's own (0 for ResNets, 0.2 for MobileNets).</param>
    public static ZooModel Create(string id, int numClasses, bool pretrained = true, double? headDropout = null)
    {
        if (numClasses < 2) throw new ArgumentOutOfRangeException(nameof(numClasses), "A classifier needs at least two classes.");
        var spec = Spec(id);
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var model = spec.Build(numClasses, headDropout);
        if (pretrained)
        {
            try { spec.LoadPretrained?.Invoke(model); }
            catch { model.Dispose(); throw; }
        }
        return model;
    }

    static Dictionary<string, Tensor> ResNet18State()
    {
        lock (Gate)
        {
            if (_resnet18State != null) return _resnet18State;
            // The cache outlives any caller's DisposeScope, so its tensors must belong to none.
            using var scope = NewDisposeScope();
            var state = OnnxResNetWeights.ReadStateDict(PretrainedWeights.ResNet18Onnx());
            foreach (var t in state.Values) t.DetachFromDisposeScope();
            _resnet18State = state;
            return state;
        }
    }
}
