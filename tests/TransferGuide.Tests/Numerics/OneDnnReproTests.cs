using Xunit.Abstractions;

namespace TransferGuide.Tests.Numerics;

/// <summary>
/// The root causes, reduced to one convolution each (see <see cref="NumericsRepros"/>). Each runs in a child process,
/// because on the machines that have the fault the raw form dies. The rewritten form must be right everywhere; the
/// raw form is reported, and where it is wrong the guard must have ruled its path out.
/// </summary>
public class OneDnnReproTests(ITestOutputHelper output)
{
    static IReadOnlyDictionary<string, Verdict> RunAll()
    {
        var host = ProbeRunner.FindHost();
        Assert.True(host != null, "tg.dll should sit beside the tests (the test project references the CLI)");
        return ProbeRunner.Run(host!, NumericsRepros.Ids, threads: TorchSharp.torch.get_num_threads(), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Channels_last_1x1_convolution_256_to_512_is_right_with_plain_input()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var v = RunAll();
        output.WriteLine($"raw channels-last 1x1: {v["repro/cl-1x1/raw"].Word} ({v["repro/cl-1x1/raw"].Detail})");
        Assert.True(v["repro/cl-1x1/fixed"].Passed, v["repro/cl-1x1/fixed"].Detail);
        if (!v["repro/cl-1x1/raw"].Passed)
        {
            // This machine has the fault: the raw channels-last feature path must not be in use.
            var raw = NumericsGuard.Verdicts([NumericsGuard.Find("features/fp32-cl")!])["features/fp32-cl"];
            Assert.False(raw.Passed, "the raw channels-last 1x1 convolution is wrong here, so its feature path must fail its probe");
            Assert.NotEqual("features/fp32-cl", NumericsGuard.FeaturePath(allowBf16: false).Id);
        }
    }

    [Fact]
    public void Strided_1x1_backward_512_to_1024_is_right_when_split()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var v = RunAll();
        output.WriteLine($"raw strided 1x1 backward: {v["repro/strided-1x1-backward/raw"].Word} ({v["repro/strided-1x1-backward/raw"].Detail})");
        Assert.True(v["repro/strided-1x1-backward/split"].Passed, v["repro/strided-1x1-backward/split"].Detail);
        if (!v["repro/strided-1x1-backward/raw"].Passed)
        {
            var raw = NumericsGuard.Verdicts([NumericsGuard.Find("train/resnet50/nchw")!])["train/resnet50/nchw"];
            Assert.False(raw.Passed, "ResNet50's raw NCHW training path has this convolution, so its probe must fail here");
        }
    }
}
