using TransferGuide.Tests.Architecture.Fixture.Data;

namespace TransferGuide.Tests.Architecture;

/// <summary>The library flows one way (docs/architecture.md); these tests keep it so.</summary>
public class ArchitectureTests
{
    /// <summary>The rooms of src/TransferGuide, left to right. A room may use only rooms to its left.</summary>
    public static readonly string[] Flow =
        ["Core", "Data", "Augment", "Models", "Training", "Evaluation", "Adaptation", "FewShot", "Monitoring", "Charts", "Reports", "Recipes", "Notebooks"];

    static readonly System.Reflection.Assembly Library = typeof(TransferGuide.Core.AtomicFile).Assembly;

    [Fact]
    public void The_library_uses_only_rooms_to_the_left()
    {
        var problems = LayerRules.AgainstTheFlow(Library, "TransferGuide", Flow);
        Assert.True(problems.Count == 0, "Against the flow:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_library_has_no_namespace_cycle()
    {
        var cycles = LayerRules.Cycles(Library, "TransferGuide");
        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void A_deliberate_reference_against_the_flow_and_a_cycle_are_caught()
    {
        // Fixture.Data.Loader uses Fixture.Training.Trainer, which uses Loader back: wrong way, and a loop.
        var fixture = typeof(Loader).Assembly;
        var problems = LayerRules.AgainstTheFlow(fixture, "TransferGuide.Tests.Architecture.Fixture", ["Data", "Training"]);
        Assert.Equal(["Data.Loader uses Training (to its right)"], problems);
        Assert.Equal(["Data → Training → Data"], LayerRules.Cycles(fixture, "TransferGuide.Tests.Architecture.Fixture"));
        // The same code under the opposite flow: now Training's use of Data is the wrong way.
        Assert.Equal(["Training.Trainer uses Data (to its right)"],
            LayerRules.AgainstTheFlow(fixture, "TransferGuide.Tests.Architecture.Fixture", ["Training", "Data"]));
    }

    [Fact]
    public void A_namespace_outside_the_rooms_is_reported()
    {
        var problems = LayerRules.AgainstTheFlow(typeof(Loader).Assembly, "TransferGuide.Tests.Architecture.Fixture", ["Data"]);
        Assert.Contains(problems, p => p.Contains("Fixture.Training.Trainer is in no room", StringComparison.Ordinal));
    }
}
