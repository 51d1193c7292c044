namespace TransferGuide.Tests;

/// <summary>
/// Tests that compare two in-process runs bit for bit. Torch's generator is global, and a test class running
/// beside them that draws from it (or seeds it) changes their initialisation, so they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRngCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "torch global RNG";
}
