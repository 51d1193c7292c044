using TransferGuide.Tests.Training;

namespace TransferGuide.Tests.Numerics;

/// <summary>Tests that swap the guard's probes for injected verdicts: they change process-wide state, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NumericsInjectionCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "numerics guard injection";
}

/// <summary>The guard picks the fastest path whose probe passed, and never one whose probe failed.</summary>
[Collection(NumericsInjectionCollection.Name)]
public class NumericsGuardTests
{
    static Func<string, Verdict?> FailOnly(params string[] failing) =>
        id => failing.Contains(id) ? Verdict.Fail("injected failure") : new Verdict(true, "injected pass");

    [Fact]
    public void A_feature_path_whose_probe_fails_is_never_used()
    {
        var candidates = NumericsPath.FeatureCandidates(FrozenResNetOptions.CpuHasNativeBFloat16());
        // Fail every candidate but the plain NCHW one: the guard must skip all the faster ones.
        var failing = candidates.Where(c => c.Variant != "fp32-nchw").Select(c => c.Id).ToArray();
        NumericsGuard.Reset();
        using (NumericsGuard.Inject(FailOnly(failing)))
        {
            var path = NumericsGuard.FeaturePath();
            Assert.Equal("features/fp32-nchw", path.Id);
            Assert.False(path.FrozenOptions.ChannelsLast);
            Assert.False(path.FrozenOptions.BFloat16);
            Assert.Contains("features: fp32-nchw", NumericsGuard.PathsUsed);
        }
    }

    [Fact]
    public void The_fastest_passing_feature_path_is_taken()
    {
        NumericsGuard.Reset();
        using (NumericsGuard.Inject(FailOnly("features/fp32-cl", "features/bf16-cl")))
        {
            var path = NumericsGuard.FeaturePath(allowBf16: false);
            Assert.Equal("features/fp32-cl-fixed", path.Id);
            Assert.True(path.FrozenOptions.ChannelsLast);
            Assert.True(path.Fixes.PlainInput1x1);
        }
    }

    [Fact]
    public void Among_passing_paths_the_first_in_speed_order_is_taken_whatever_the_probe_timed()
    {
        NumericsGuard.Reset();
        // Probe timings at batch 2 are noise: channels-last with the rewrites stays first although its probe was slower.
        using var _ = NumericsGuard.Inject(id => id switch
        {
            "train/mobilenet_v2/cl" => Verdict.Fail("injected failure"),
            "train/mobilenet_v2/cl-fixed" => new Verdict(true, "injected", Milliseconds: 90),
            "train/mobilenet_v2/nchw" => new Verdict(true, "injected", Milliseconds: 60),
            "train/mobilenet_v2/nchw-fixed" => new Verdict(true, "injected", Milliseconds: 70),
            _ => null,
        });
        Assert.Equal("train/mobilenet_v2/cl-fixed", NumericsGuard.TrainingPath("mobilenet_v2", channelsLast: true).Id);
        Assert.Contains("train mobilenet_v2: cl-fixed", NumericsGuard.PathsUsed);
        // Asked for NCHW, the channels-last candidates are not even considered.
        Assert.Equal("train/mobilenet_v2/nchw", NumericsGuard.TrainingPath("mobilenet_v2", channelsLast: false).Id);
    }

    [Fact]
    public void A_learner_whose_channels_last_probes_fail_trains_in_nchw_and_says_so()
    {
        using var dir = new TempDir();
        var data = LearnerFixture.Colours(dir);
        NumericsGuard.Reset();
        using var _ = NumericsGuard.Inject(FailOnly($"train/{ModelZoo.ResNet18ImageNet}/cl", $"train/{ModelZoo.ResNet18ImageNet}/cl-fixed"));
        using var learner = Learner.Create(data, ModelZoo.ResNet18ImageNet, LearnerFixture.Fast() with { Performance = new() { ChannelsLast = true } });
        // The scope the learner opens for each phase: channels-last was asked for, but its probes failed.
        using (var scope = ChannelsLastScope.For(learner.Model, learner.Options, learner.Architecture))
        {
            Assert.False(scope.Active);
            Assert.Equal($"train/{ModelZoo.ResNet18ImageNet}/nchw", scope.Path!.Id);
            Assert.DoesNotContain(learner.Model.parameters(), p => MemoryFormat.IsChannelsLast(p));
        }
        learner.Fit(epochs: 1);
        Assert.Contains($"train {ModelZoo.ResNet18ImageNet}: nchw", NumericsGuard.PathsUsed);
        learner.Evaluate(); // outside training: the inference path
        Assert.Contains($"inference {ModelZoo.ResNet18ImageNet}: nchw", NumericsGuard.PathsUsed);
    }

    [Fact]
    public void When_every_onednn_path_fails_onednn_is_off_only_inside_the_scope()
    {
        NumericsGuard.Reset();
        var ids = NumericsPath.TrainingCandidates("resnet18", channelsLast: true).Where(p => !p.IsReference).Select(p => p.Id).ToArray();
        using var _ = NumericsGuard.Inject(FailOnly(ids));
        var path = NumericsGuard.TrainingPath("resnet18", channelsLast: true);
        Assert.Equal("train/resnet18/onednn-off", path.Id);
        Assert.True(OneDnn.Available, "libtorch's oneDNN switch should be reachable on this platform");
        using var model = ModelZoo.Create("resnet18", 3, pretrained: false);
        Assert.True(OneDnn.Enabled);
        using (NumericsGuard.Apply(path, model)) Assert.False(OneDnn.Enabled);
        Assert.True(OneDnn.Enabled);
    }

    [Fact]
    public void The_environment_variable_rules_paths_out_by_pattern()
    {
        NumericsGuard.Reset();
        using var _ = NumericsGuard.Inject(id => null); // nothing injected: only the variable and the real probes
        Environment.SetEnvironmentVariable(NumericsGuard.FailVariable, "features/*-cl*,features/bf16*");
        try
        {
            var v = NumericsGuard.Verdicts(NumericsPath.FeatureCandidates(true).Where(p => p.ChannelsLast).ToList());
            Assert.All(v.Values, verdict => { Assert.False(verdict.Passed); Assert.Equal("injected", verdict.Source); });
        }
        finally { Environment.SetEnvironmentVariable(NumericsGuard.FailVariable, null); NumericsGuard.Reset(); }
    }
}
