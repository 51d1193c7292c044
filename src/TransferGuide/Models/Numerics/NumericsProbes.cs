using System.Diagnostics;
using TorchSharp;
using TransferGuide.Core.Native;
using TransferGuide.Models;

using static TorchSharp.torch;

namespace TransferGuide.Models.Numerics;

/// <summary>
/// The probes behind each <see cref="NumericsPath"/>, run in this process (the guard runs them in a child process,
/// so that a crash is a "no"). Each runs the path on seeded random batches of 2 at 64 and 224 px and compares it
/// with the same computation in float64 on libtorch's native kernels (oneDNN off). Because a randomly initialised
/// deep network amplifies rounding differently per architecture, a path passes when its error is within
/// <see cref="Slack"/> times the error of the float32 native kernels themselves (and at most
/// <see cref="Ceiling"/>), with a floor of <see cref="Floor"/>; bf16 features pass at cosine ≥ 0.999 per row.
/// </summary>
public static class NumericsProbes
{
    /// <summary>How many times the float32 reference's own error a path may have.</summary>
    public const double Slack = 4.0;
    /// <summary>Relative error any float32 path's outputs (features, logits, loss) may have, whatever the reference's.</summary>
    public const double Floor = 1e-4;
    /// <summary>
    /// Relative error a training path's gradient vector may have. oneDNN's fp32 convolution gradients differ from
    /// the native kernels' by 3e-4 on the pretrained ResNet18 and by up to 1e-2 on randomly initialised networks
    /// with three or more identical blocks in a stage (the cause is not found: it does not depend on the ISA, the
    /// threads or the cache, and goes away with BatchNorm in eval mode); the kernel bugs this guards against give
    /// 0.4-0.6.
    /// </summary>
    public const double GradientFloor = 2e-2;
    /// <summary>
    /// Outputs before a training probe's gradient vectors (eval logits, train logits, loss). The gradients follow:
    /// with BatchNorm in train mode (batch statistics, as a network trained from scratch uses) at every size, then,
    /// at the smallest size only, with BatchNorm in eval mode (the pretrained statistics kept, as the default
    /// fine-tune uses, <c>BatchNormMode.Frozen</c>). Eval-mode BatchNorm's backward is an elementwise scale and the
    /// convolutions' shapes are those the train-mode vector already checks at every size, so one size covers it
    /// and CI does not pay a second 224-px backward per path.
    /// </summary>
    const int ForwardOutputs = 3;
    /// <summary>Relative error no path may exceed.</summary>
    public const double Ceiling = 0.1;
    /// <summary>Input sides the probes run at.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [64, 224];

    /// <summary>Runs the probe of <paramref name="id"/> (a path id, or a <c>selftest/</c> id used by the tests).</summary>
    public static Verdict Run(string id)
    {
        TorchRuntime.EnsureLoaded();
        if (id == "selftest/pass") return new Verdict(true, "self-test probe");
        if (id == "selftest/sigfpe") { RaiseSigFpe(); return Verdict.Fail("SIGFPE was not delivered"); }
        if (id.StartsWith("repro/", StringComparison.Ordinal)) return NumericsRepros.Run(id);
        var path = NumericsGuard.Find(id) ?? throw new ArgumentException($"Unknown numerics path '{id}'.", nameof(id));
        try
        {
            return path.Kind switch
            {
                PathKind.Features => Features(path),
                _ => Model(path),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Verdict.Fail($"threw {e.GetType().Name}: {e.Message}");
        }
    }

    static Verdict Features(NumericsPath path)
    {
        if (path.IsReference) return new Verdict(true, "reference", Source: "reference");
        using var model = (ResNet)ModelZoo.Create(ModelZoo.ResNet18ImageNet, 2, pretrained: PretrainedWeights.Candidates().Any(c => c.Exists));
        model.eval();
        double worst = 0, worstRef = 0, ms = 0, minCos = 1;
        foreach (var size in Sizes)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = Input(size);
            Tensor r64, r32;
            using (OneDnn.Disable())
            {
                using var m64 = (ResNet)ModelZoo.Create(ModelZoo.ResNet18ImageNet, 2, pretrained: false);
                m64.load_state_dict(model.state_dict());
                m64.to(ScalarType.Float64).eval();
                r64 = m64.Features(x.to(ScalarType.Float64));
                using var f32 = new FrozenResNet(model);
                r32 = f32.Features(x);
            }
            using var frozen = new FrozenResNet(model, path.FrozenOptions);
            var y = frozen.Features(x);
            ms = Fastest(() => frozen.Features(x).Dispose());
            worst = Math.Max(worst, RelError(y, r64));
            worstRef = Math.Max(worstRef, RelError(r32, r64));
            minCos = Math.Min(minCos, nn.functional.cosine_similarity(y.to(ScalarType.Float64), r64, 1).min().item<double>());
        }
        if (path.BFloat16)
            return new Verdict(minCos >= 0.999, $"cosine {minCos:F5} {(minCos >= 0.999 ? "≥" : "<")} 0.999", ms, worst);
        return Judge(worst, worstRef, ms, Floor, "features");
    }

    static Verdict Model(NumericsPath path)
    {
        if (path.IsReference) return new Verdict(true, "reference", Source: "reference");
        string arch = path.Architecture!;
        double fwd = 0, fwdRef = 0, grad = 0, gradRef = 0, ms = 0;
        foreach (var size in Sizes)
        {
            var (r64, r32) = References(arch, size, path.Kind);
            var got = Outputs(arch, Input(size), path, float64: false, out _);
            if (size == Sizes[^1]) ms = Fastest(() => { foreach (var t in Outputs(arch, Input(size), path, float64: false, out _)) t.Dispose(); });
            // Outputs: [eval logits] or [eval logits, train logits, loss, gradients, frozen-BatchNorm gradients (64 px only)].
            int n = path.Kind == PathKind.Training ? ForwardOutputs : got.Count;
            for (int i = 0; i < n; i++) { fwd = Math.Max(fwd, RelError(got[i], r64[i])); fwdRef = Math.Max(fwdRef, RelError(r32[i], r64[i])); }
            for (int i = n; i < got.Count; i++) { grad = Math.Max(grad, RelError(got[i], r64[i])); gradRef = Math.Max(gradRef, RelError(r32[i], r64[i])); }
            foreach (var t in got) t.Dispose();
        }
        var forward = Judge(fwd, fwdRef, ms, Floor, "outputs");
        if (path.Kind != PathKind.Training || !forward.Passed) return forward;
        var gradients = Judge(grad, gradRef, ms, GradientFloor, "gradients");
        return new Verdict(gradients.Passed, forward.Detail + "; " + gradients.Detail, ms, Math.Max(fwd, grad));
    }

    static readonly Dictionary<(string, int, PathKind), (List<Tensor>, List<Tensor>)> ReferenceCache = [];

    /// <summary>The float64 and float32 native-kernel answers for one architecture and size, computed once per process.</summary>
    static (List<Tensor> R64, List<Tensor> R32) References(string arch, int size, PathKind kind)
    {
        if (ReferenceCache.TryGetValue((arch, size, kind), out var cached)) return cached;
        var reference = NumericsGuard.AllPaths().First(p => p.Kind == kind && p.Architecture == arch && p.IsReference);
        using var off = OneDnn.Disable();
        using var scope = NewDisposeScope();
        var x = Input(size);
        var r64 = Outputs(arch, x, reference, float64: true, out _);
        var r32 = Outputs(arch, x, reference, float64: false, out _);
        foreach (var t in r64.Concat(r32)) t.DetachFromDisposeScope();
        return ReferenceCache[(arch, size, kind)] = (r64, r32);
    }

    /// <summary>
    /// The faster of two timed runs after the checked one, in milliseconds, for <c>tg doctor</c>'s table (a rough
    /// figure: batch 2, on a machine that may be busy; the guard chooses by <c>tg bench</c>'s order, not by it).
    /// </summary>
    static double Fastest(Action run)
    {
        double best = double.MaxValue;
        for (int i = 0; i < 2; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    static Verdict Judge(double error, double referenceError, double ms, double floor = Floor, string what = "relative error")
    {
        double tolerance = Math.Min(Ceiling, Math.Max(floor, Slack * referenceError));
        bool ok = error <= tolerance && double.IsFinite(error);
        // Error and tolerance are relative to the float64 answer; the tolerance is 4x the native float32 kernels' own error, within [floor, Ceiling].
        return new Verdict(ok, $"{what} {error:G2} {(ok ? "≤" : ">")} {tolerance:G2}", ms, error);
    }

    /// <summary>
    /// Eval-mode logits, then train-mode logits, loss and all gradients as one vector, then the gradients with BatchNorm
    /// in eval mode (smallest size only), of a fresh seeded model of
    /// <paramref name="arch"/> run the way <paramref name="path"/> says.
    /// </summary>
    static List<Tensor> Outputs(string arch, Tensor x, NumericsPath path, bool float64, out double milliseconds)
    {
        manual_seed(20261202);
        // Everything the pass makes (the graph and its saved activations, float64 copies) goes at return, not at the
        // next garbage collection: without this scope one training probe's child peaked at 2.5 GB.
        using var scope = NewDisposeScope();
        // The shipped ImageNet weights where the zoo has them offline: a trained network is what the kit trains.
        using var model = ModelZoo.Create(arch, 3, pretrained: arch == ModelZoo.ResNet18ImageNet && PretrainedWeights.Candidates().Any(c => c.Exists));
        if (float64) { model.to(ScalarType.Float64); x = x.to(ScalarType.Float64); }
        using var off = path.OneDnnOff ? OneDnn.Disable() : null;
        if (path.ChannelsLast) { MemoryFormat.ConvWeightsToChannelsLast(model); x = MemoryFormat.ToChannelsLast(x); }
        using var fixes = path.Fixes.Install(model);
        var clock = Stopwatch.StartNew();
        var outputs = new List<Tensor>();
        model.eval();
        using (no_grad()) outputs.Add(model.call(x).detach());
        if (path.Kind == PathKind.Training)
        {
            model.train();
            var logits = model.call(x);
            var loss = nn.functional.cross_entropy(logits, tensor(new long[] { 0, 1 }));
            loss.backward();
            outputs.Add(logits.detach());
            outputs.Add(loss.detach().reshape(1));
            // One vector of every gradient: per-tensor errors are meaningless for gradients that nearly cancel (a
            // random network's BatchNorm biases), where any change of summation order is a large relative change.
            outputs.Add(GradientVector(model));
            // The default fine-tune of pretrained weights keeps BatchNorm in eval mode while it trains.
            if (x.shape[^1] != Sizes[0]) return Copies(outputs, scope, model, path, clock, out milliseconds);
            model.zero_grad();
            model.eval();
            nn.functional.cross_entropy(model.call(x), tensor(new long[] { 0, 1 })).backward();
            outputs.Add(GradientVector(model));
        }
        return Copies(outputs, scope, model, path, clock, out milliseconds);
    }

    static List<Tensor> Copies(List<Tensor> outputs, DisposeScope scope, nn.Module model, NumericsPath path, Stopwatch clock, out double milliseconds)
    {
        milliseconds = clock.Elapsed.TotalMilliseconds;
        if (path.ChannelsLast) MemoryFormat.ConvWeightsToContiguous(model);
        // Copies: the model (and with it the gradients) is disposed on return.
        return outputs.Select(t => scope.MoveToOuter(t.to(ScalarType.Float64, copy: true).flatten())).ToList();
    }

    static Tensor GradientVector(nn.Module model) =>
        cat(model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.contiguous().flatten().to(ScalarType.Float64)).ToList(), 0).detach();

    static Tensor Input(int size)
    {
        var g = new TorchSharp.torch.Generator((ulong)size);
        return randn([2, 3, size, size], generator: g);
    }

    /// <summary>‖a − b‖ / ‖b‖ in float64.</summary>
    static double RelError(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var a64 = a.to(ScalarType.Float64).contiguous().flatten();
        var b64 = b.to(ScalarType.Float64).contiguous().flatten();
        double norm = b64.norm().item<double>();
        return (a64 - b64).norm().item<double>() / Math.Max(norm, 1e-30);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "raise")]
    static extern int Raise(int signal);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "signal")]
    static extern IntPtr Signal(int signal, IntPtr handler);

    /// <summary>Dies as a native SIGFPE does (the .NET runtime's own handler would ignore a raised one, so restore the default first).</summary>
    static void RaiseSigFpe()
    {
        Signal(8, IntPtr.Zero);
        Raise(8);
    }
}
