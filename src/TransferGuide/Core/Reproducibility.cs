using TorchSharp;

namespace TransferGuide.Core;

/// <summary>One call that makes a CPU run repeatable.</summary>
public static class Reproducibility
{
    /// <summary>Seeds torch (CPU and CUDA). Data order and augmentation are seeded from the learner's options.</summary>
    public static void Seed(int seed)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }

    /// <summary>
    /// A seed derived from several integers, the same in every process. (HashCode.Combine is randomised per
    /// process, so a run resumed in a new process would shuffle and augment differently.)
    /// </summary>
    public static int Mix(params int[] parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (int p in parts)
        {
            h ^= (uint)p;
            // SplitMix64 finaliser
            h += 0x9E3779B97F4A7C15UL;
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }
}
