using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>A model the zoo can build.</summary>
/// <param name="Id">Architecture id, stored in checkpoints (e.g. "resnet18_imagenet").</param>
/// <param name="Description">One line for people.</param>
/// <param name="Preprocessing">What the weights expect.</param>
/// <param name="Blocks">Basic blocks per stage.</param>
public sealed record ModelSpec(string Id, string Description, Preprocessing Preprocessing, int[] Blocks);

/// <summary>
/// The model factory, in the spirit of timm's <c>create_model</c>: <c>ModelZoo.Create("resnet18_imagenet", 2)</c>
/// gives a ResNet18 with ImageNet weights and a new head for two classes.
/// </summary>
public static class ModelZoo
{
    /// <summary>The CNTK ImageNet ResNet18 shipped in Microsoft.ML.DnnImageFeaturizer.ResNet18.</summary>
    public const string ResNet18ImageNet = "resnet18_imagenet";

    static readonly object Gate = new();
    static Dictionary<string, Tensor>? _resnet18State;

    /// <summary>Every model the zoo builds.</summary>
    public static IReadOnlyList<ModelSpec> Available { get; } =
    [
        new(ResNet18ImageNet, "ResNet18 (blocks 2-2-2-3), ImageNet weights from Microsoft.ML.DnnImageFeaturizer.ResNet18, offline",
            Preprocessing.CntkResNet, OnnxResNetWeights.CntkResNet18Blocks),
    ];

    /// <summary>Looks up a model by id, with the list of ids in the error.</summary>
    public static ModelSpec Spec(string id) =>
        Available.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown model '{id}'. Available: {string.Join(", ", Available.Select(s => s.Id))}.", nameof(id));

    /// <summary>Builds a model with a new head for <paramref name="numClasses"/> classes.</summary>
    /// <param name="id">Architecture id (see <see cref="Available"/>).</param>
    /// <param name="numClasses">Outputs of the new head.</param>
    /// <param name="pretrained">Load the ImageNet weights (loaded once per process, then reused).</param>
    /// <param name="headDropout">Dropout before the head.</param>
    public static ResNet Create(string id, int numClasses, bool pretrained = true, double headDropout = 0.0)
    {
        if (numClasses < 2) throw new ArgumentOutOfRangeException(nameof(numClasses), "A classifier needs at least two classes.");
        var spec = Spec(id);
        Native.TorchRuntime.EnsureLoaded();
        var model = new ResNet(spec.Blocks, numClasses, headDropout);
        if (pretrained) OnnxResNetWeights.LoadInto(model, ResNet18State());
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
