namespace TransferGuide.Tests.Interpretability;

/// <summary>
/// One quickstart run on ants/bees, shared by the tests that need a trained model on real photos. Features
/// come from the user feature cache, so only the first run on a machine pays for extraction.
/// </summary>
public sealed class QuickstartModelFixture : IDisposable
{
    readonly TempDir _dir = new();

    public RunResult Run { get; }

    public string Checkpoint => Run.Folder.Checkpoint;

    public QuickstartModelFixture() => Run = Quickstart.Run(new QuickstartOptions(RunsRoot: _dir.Combine("runs")));

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition("quickstart model")]
public sealed class QuickstartModelCollection : ICollectionFixture<QuickstartModelFixture>;
