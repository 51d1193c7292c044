// A deliberate reference against the flow, for ArchitectureTests: Data must not use Training.
namespace TransferGuide.Tests.Architecture.Fixture.Data
{
    public sealed class Loader
    {
        public int Epochs(Training.Trainer trainer) => trainer.Epochs;
    }
}

namespace TransferGuide.Tests.Architecture.Fixture.Training
{
    public sealed class Trainer
    {
        public int Epochs { get; } = 1;
        public Data.Loader Source { get; } = new();
    }
}
