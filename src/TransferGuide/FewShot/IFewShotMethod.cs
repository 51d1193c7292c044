using static TorchSharp.torch;

namespace TransferGuide.FewShot;

/// <summary>A way to classify an episode's query rows from its labelled support rows.</summary>
public interface IFewShotMethod
{
    /// <summary>Short name for tables ("proto", "linear", "reptile").</summary>
    string Name { get; }

    /// <summary>Episode label (0..ways-1) of each query row.</summary>
    /// <param name="support">Support features, <c>rows × dim</c>.</param>
    /// <param name="supportLabels">Episode label of each support row, int64.</param>
    /// <param name="query">Query features, <c>rows × dim</c>.</param>
    /// <param name="ways">Number of classes in the episode.</param>
    int[] Predict(Tensor support, Tensor supportLabels, Tensor query, int ways);
}
