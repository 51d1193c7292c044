using TorchSharp;

namespace TransferGuide.Training;

/// <summary>One call that makes a CPU run repeatable.</summary>
public static class Reproducibility
{
    /// <summary>Seeds torch (CPU and CUDA). Data order and augmentation are seeded from the learner's options.</summary>
    public static void Seed(int seed)
    {
        Native.TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }
}
