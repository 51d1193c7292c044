using System.Text.Json;
using TorchSharp;
using TransferGuide.Core;
using TransferGuide.Models;

namespace TransferGuide.Bench;

/// <summary>
/// Runs a <see cref="BenchPlan"/>: every variant in a fresh process (so peak memory is its own), variants
/// alternating round by round (so a burst of load from other work hits them alike), and medians and
/// ratios within this one run. The caller says how to start a child process.
/// </summary>
/// <param name="plan">What to measure.</param>
/// <param name="runChild">Runs a job in a fresh process (or in this one, for tests) and returns its JSON line.</param>
/// <param name="log">Receives a line per finished measurement.</param>
public sealed class BenchRunner(BenchPlan plan, Func<ChildJob, string> runChild, Action<string>? log = null)
{
    readonly BenchReport _report = new()
    {
        Machine = MachineDescription.Describe() + (plan.Threads > 0 ? $"; measured with {plan.Threads} compute thread(s) per engine" : ""),
        Plan = plan,
        LoadAverage = [LoadAverage()],
    };

    /// <summary>Runs every section of the plan and returns the report (not yet saved).</summary>
    public BenchReport Run(CancellationToken cancel = default)
    {
        var scratch = Directory.CreateTempSubdirectory("tg-bench-");
        try
        {
            if (plan.Runs("forward")) Forward(cancel);
            if (plan.Runs("train")) Train(scratch.FullName, cancel);
            if (plan.Runs("pipeline")) Pipeline(cancel);
            if (plan.Runs("e2e")) EndToEnd(scratch.FullName, cancel);
            if (plan.Runs("finetune")) FineTune(scratch.FullName, cancel);
            if (plan.Runs("text")) Text(cancel);
            if (plan.Runs("text-finetune")) TextFineTune(scratch.FullName, cancel);
            if (plan.Runs("audio")) Audio(cancel);
        }
        finally
        {
            try { scratch.Delete(recursive: true); } catch (IOException) { /* a scratch folder left in /tmp is harmless */ }
        }
        _report.LoadAverage.Add(LoadAverage());
        Goals();
        return _report;
    }

    T Child<T>(ChildJob job, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var line = runChild(job).Trim().Split('\n').Last();
        _report.Runs.Add(JsonDocument.Parse(line).RootElement.Clone());
        return JsonSerializer.Deserialize<T>(line) ?? throw new InvalidOperationException($"No result from bench job {job.Kind}.");
    }

    void Forward(CancellationToken cancel)
    {
        var ratio = Rounds(plan.Forward, variant => Child<ForwardResult>(new ChildJob("forward", variant, plan.BatchSize, plan.ImageSize, plan.ForwardRepeats, Threads: plan.Threads), cancel),
            r => $"output mean {r.OutputMean:F5}", "forward", ForwardBenchmark.OnnxRuntime, "ORT", _report.ForwardImagesPerSecond);
        _report.ForwardRatioVsOnnxRuntime = ratio(ForwardBenchmark.Kit);
        _report.ForwardRatioPlainVsOnnxRuntime = ratio(ForwardBenchmark.KitPlain);
    }

    void Train(string scratch, CancellationToken cancel)
    {
        var variants = plan.Train.ToList();
        string? python = null, script = null, weights = null;
        if (variants.Contains(TrainBenchmark.PyTorch))
        {
            var (found, version, why) = PyTorchPeer.Find();
            script = PyTorchPeer.Script();
            if (found == null || script == null)
            {
                var reason = found == null ? why! : "the peer script bench/peers/pytorch_train_step.py was not found next to tg or in the repository";
                _report.PyTorch = "not run: " + reason;
                _report.Notes.Add("PyTorch peer not run: " + reason);
                log?.Invoke("PyTorch peer not run: " + reason);
                variants.Remove(TrainBenchmark.PyTorch);
            }
            else
            {
                python = found;
                _report.PyTorch = version;
                weights = Path.Combine(scratch, "weights");
                ExportKitWeights(weights);
            }
        }
        var ratio = Rounds(variants, variant => variant == TrainBenchmark.PyTorch ? PyTorchStep(python!, script!, weights!, cancel)
                : Child<TrainResult>(new ChildJob("train", variant, plan.BatchSize, plan.ImageSize, plan.TrainSteps, Threads: plan.Threads), cancel),
            r => $"loss {r.FirstLoss:F3} -> {r.LastLoss:F3}", "train", TrainBenchmark.PyTorch, "PyTorch", _report.TrainImagesPerSecond, part: "train step");
        _report.TrainRatioVsPyTorch = ratio(TrainBenchmark.Kit);
        _report.TrainRatioBf16VsPyTorch = ratio(TrainBenchmark.KitBFloat16);
    }

    TrainResult PyTorchStep(string python, string script, string weights, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var line = PyTorchPeer.Run(python, script, weights, plan.BatchSize, plan.ImageSize, plan.TrainSteps, 1, plan.Threads > 0 ? plan.Threads : torch.get_num_threads());
        _report.Runs.Add(JsonDocument.Parse(line).RootElement.Clone());
        return JsonSerializer.Deserialize<TrainResult>(line)!;
    }

    static void ExportKitWeights(string folder)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        // The same seed and head size as TrainStepBenchmark, so even the new head starts equal on both sides.
        torch.manual_seed(1);
        using var model = (ResNet)ModelZoo.Create(ModelZoo.ResNet18ImageNet, numClasses: 10); // the offline ImageNet weights are a ResNet
        WeightsExport.Write(model, folder);
    }

    void Pipeline(CancellationToken cancel)
    {
        var results = new List<PipelineResult>();
        for (int round = 1; round <= Math.Min(plan.Rounds, 2); round++)
        {
            var r = Child<PipelineResult>(new ChildJob("pipeline", "train", plan.BatchSize, 0, 0, Images: plan.PipelineImages, Dataset: plan.Dataset, Threads: plan.Threads), cancel);
            results.Add(r);
            log?.Invoke($"pipeline round {round}: {r.Images} images, first epoch {r.ColdImagesPerSecond:F1} img/s, later epochs {r.WarmImagesPerSecond:F1} img/s");
        }
        _report.PipelineImagesPerSecond = Median.Of(results.Select(r => r.ColdImagesPerSecond));
        _report.PipelineCachedImagesPerSecond = Median.Of(results.Select(r => r.WarmImagesPerSecond));
        double rss = results.Max(r => r.PeakRssMb);
        _report.PeakRssMb["pipeline"] = rss;
        _report.Table.Add(new BenchRow("pipeline", "decode+resize+augment", $"{_report.PipelineImagesPerSecond:F1} img/s", null, rss, results.Count));
        _report.Table.Add(new BenchRow("pipeline", "augment (decoded kept)", $"{_report.PipelineCachedImagesPerSecond:F1} img/s", null, rss, results.Count));
    }

    void EndToEnd(string scratch, CancellationToken cancel)
    {
        var results = new List<EndToEndResult>();
        for (int round = 1; round <= plan.EndToEndRounds; round++)
        {
            var folder = Path.Combine(scratch, $"e2e-{round}");
            foreach (var mode in new[] { "cold", "cached" })
            {
                // The cold run starts from an empty cache folder and fills it; the cached run then reads it.
                var r = Child<EndToEndResult>(new ChildJob("e2e", mode, 32, 224, 0, Folder: folder, Target: plan.Target, Dataset: plan.Dataset, Threads: plan.Threads), cancel);
                results.Add(r);
                log?.Invoke($"e2e round {round} {mode}: {(r.SecondsToTarget is { } s ? $"{plan.Target:F2} after {s:F1} s (epoch {r.EpochAtTarget})" : $"never reached {plan.Target:F2}")}, " +
                            $"wall {r.WallSeconds:F1} s, accuracy {r.Accuracy:F3}, peak {r.PeakRssMb:F0} MB");
            }
        }
        foreach (var g in results.GroupBy(r => r.Mode))
        {
            var reached = g.Where(r => r.SecondsToTarget != null).Select(r => r.SecondsToTarget!.Value).ToList();
            double? seconds = reached.Count == g.Count() ? Median.Of(reached) : null;
            if (g.Key == "cold") { _report.SecondsTo085Cold = seconds; _report.ExtractAccuracy = Median.Of(g.Select(r => r.Accuracy)); }
            else _report.SecondsTo085Cached = seconds;
            double rss = g.Max(r => r.PeakRssMb);
            _report.PeakRssMb["e2e/" + g.Key] = rss;
            _report.Table.Add(new BenchRow("ants/bees to " + plan.Target.ToString("F2"), "extract+head, " + g.Key,
                seconds is { } s ? $"{s:F1} s (wall {Median.Of(g.Select(r => r.WallSeconds)):F1} s, acc {Median.Of(g.Select(r => r.Accuracy)):F3})" : "not reached",
                null, rss, g.Count()));
        }
    }

    void FineTune(string scratch, CancellationToken cancel)
    {
        var r = Child<FineTuneResult>(new ChildJob("finetune", plan.FineTunePrecision, 32, plan.FineTuneImageSize ?? 0, 0,
            Folder: Path.Combine(scratch, "finetune"), Epochs: plan.FineTuneEpochs, Dataset: plan.Dataset, Threads: plan.Threads), cancel);
        log?.Invoke($"finetune: {r.Epochs} epochs at {r.ImageSize} px, {r.Precision}, {r.WallSeconds:F1} s, accuracy {r.Accuracy:F3}, peak {r.PeakRssMb:F0} MB");
        _report.FineTuneSeconds = r.WallSeconds;
        _report.FineTuneAccuracy = r.Accuracy;
        _report.FineTunePeakRssMb = r.PeakRssMb;
        _report.PeakRssMb["finetune"] = r.PeakRssMb;
        _report.Table.Add(new BenchRow("fine-tune", $"default recipe, {r.Epochs} epochs, {r.ImageSize} px, {r.Precision}", $"{r.WallSeconds:F1} s (acc {r.Accuracy:F3})", null, r.PeakRssMb, 1));
    }

    // Sentences per second of the MiniLM encoder (kit against ONNX Runtime, same weights and batch) and of the default fine-tune step.
    void Text(CancellationToken cancel)
    {
        var ratio = Rounds([TextBenchmark.OnnxRuntime, TextBenchmark.Kit, TextBenchmark.FineTuneStep],
            variant => Child<TextBenchResult>(new ChildJob("text", variant, plan.BatchSize, 0, plan.ForwardRepeats, Threads: plan.Threads), cancel),
            r => $"{r.Tokens} tokens, output mean {r.OutputMean:F5}", "text", TextBenchmark.OnnxRuntime, "ORT", _report.TextSentencesPerSecond, unit: "sentences/s",
            compared: [TextBenchmark.Kit]); // a training step is not a forward pass: no ratio for it
        _report.TextForwardRatioVsOnnxRuntime = ratio(TextBenchmark.Kit);
    }

    // The default SST-2 fine-tune end to end: the text recipe's memory goal is about this run.
    void TextFineTune(string scratch, CancellationToken cancel)
    {
        var r = Child<TextFineTuneResult>(new ChildJob("text-finetune", "default", 32, 0, 0, Folder: Path.Combine(scratch, "text-finetune"),
            Epochs: plan.TextFineTuneEpochs, Threads: plan.Threads, LabelsPerClass: plan.TextFineTuneLabelsPerClass), cancel);
        log?.Invoke($"text-finetune: {r.Epochs} epochs, top {r.TopLayers} layers, {r.WallSeconds:F1} s, {r.TrainTextsPerSecond:F1} sentences/s, test accuracy {r.Accuracy:F3}, peak {r.PeakRssMb:F0} MB");
        _report.TextFineTune = r;
        _report.PeakRssMb["text-finetune"] = r.PeakRssMb;
        string what = $"sst2, top {r.TopLayers} layers, {r.Epochs} epoch(s)" + (r.LabelsPerClass is { } k ? $", {k} texts per class" : ", all texts (default)");
        _report.Table.Add(new BenchRow("text fine-tune", what, $"{r.WallSeconds:F1} s, {r.TrainTextsPerSecond:F1} sentences/s (test acc {r.Accuracy:F3})", null, r.PeakRssMb, 1));
    }

    // Clips per second of the audio input pipeline (each augmentation, the default chain) against the training step it feeds.
    void Audio(CancellationToken cancel)
    {
        Rounds(plan.AudioVariants ?? AudioBenchmark.Variants, variant => Child<AudioBenchResult>(new ChildJob("audio", variant, plan.BatchSize, plan.AudioInputSize,
                plan.TrainSteps, Images: plan.AudioClips, Threads: plan.Threads), cancel),
            r => $"{r.Clips} clips in {r.Seconds:F1} s at {r.InputSize} px", "audio", AudioBenchmark.Step, "train step", _report.AudioClipsPerSecond,
            unit: "clips/s", compared: AudioBenchmark.Variants.Where(v => v.StartsWith("audio-") && v is not (AudioBenchmark.Step or AudioBenchmark.Forward)).ToList());
        if (_report.AudioClipsPerSecond.TryGetValue(AudioBenchmark.DefaultChain, out var chain) && _report.AudioClipsPerSecond.TryGetValue(AudioBenchmark.Step, out var step) && step > 0)
            _report.AudioPipelineRatioVsStep = chain / step;
    }

    void Goals()
    {
        static BenchGoal Goal(string name, string target, double? measured, Func<double, bool> met) =>
            new(name, target, measured, measured is { } m ? met(m) : null);
        _report.Goals.Add(Goal("forward vs ONNX Runtime (ratio)", ">= 1.0", _report.ForwardRatioVsOnnxRuntime, m => m >= 1.0));
        _report.Goals.Add(Goal("training step vs PyTorch-Python (ratio, fp32)", ">= 1.2", _report.TrainRatioVsPyTorch, m => m >= 1.2));
        _report.Goals.Add(Goal($"ants/bees to {plan.Target:F2}, cold, no cached features (s)", "<= 30", _report.SecondsTo085Cold, m => m <= 30));
        _report.Goals.Add(Goal("fine-tune peak RSS (MB)", "<= 1536", _report.FineTunePeakRssMb, m => m <= 1536));
        _report.Goals.Add(Goal("text encoder forward vs ONNX Runtime (ratio)", ">= 1.0", _report.TextForwardRatioVsOnnxRuntime, m => m >= 1.0));
        _report.Goals.Add(Goal("audio pipeline (default augmentation) vs its training step (ratio)", ">= 2.0", _report.AudioPipelineRatioVsStep, m => m >= 2.0));
        // Only the default run (all texts) counts: a few-label quick run says nothing about the goal.
        _report.Goals.Add(Goal("text fine-tune peak RSS (MB, default sst2 run)", "<= 1536",
            _report.TextFineTune is { LabelsPerClass: null } t ? t.PeakRssMb : null, m => m <= 1536));
    }

    /// <summary>
    /// Measures every variant once a round, alternating (so a burst of outside load hits them alike), and logs each
    /// result; then the median rate per variant goes into <paramref name="ratesOut"/>, with peak RSS and one table row
    /// each. Returns a variant's median rate over the peer's, null when either did not run.
    /// </summary>
    /// <param name="variants">What to measure, in order.</param>
    /// <param name="measure">Runs one variant once.</param>
    /// <param name="detail">The end of a result's log line, after its rate and peak memory.</param>
    /// <param name="section">Prefix of the log lines and the peak-RSS keys ("forward", "train").</param>
    /// <param name="peerName">The variant the others are compared with.</param>
    /// <param name="peerLabel">The peer's name in the table's ratio column.</param>
    /// <param name="ratesOut">The report's median rate per variant.</param>
    /// <param name="part">The table's section name, when it is not <paramref name="section"/>.</param>
    /// <param name="unit">What the rate counts per second.</param>
    /// <param name="compared">The variants that get a ratio to the peer in the table (null: all).</param>
    Func<string, double?> Rounds<T>(IReadOnlyList<string> variants, Func<string, T> measure, Func<T, string> detail, string section,
        string peerName, string peerLabel, Dictionary<string, double> ratesOut, string? part = null, string unit = "img/s",
        IReadOnlyCollection<string>? compared = null) where T : IVariantRate
    {
        var results = new List<T>();
        for (int round = 1; round <= plan.Rounds; round++)
            foreach (var variant in variants)
            {
                var r = measure(variant);
                results.Add(r);
                log?.Invoke($"{section} round {round} {variant}: {r.ImagesPerSecond:F1} {unit}, peak {r.PeakRssMb:F0} MB, {detail(r)}");
            }
        var rates = Medians(results.GroupBy(r => r.Variant), r => r.ImagesPerSecond);
        foreach (var (v, r) in rates) ratesOut[v] = r;
        rates.TryGetValue(peerName, out var peer);
        foreach (var g in results.GroupBy(r => r.Variant))
        {
            double peak = g.Max(r => r.PeakRssMb);
            _report.PeakRssMb[section + "/" + g.Key] = peak;
            _report.Table.Add(new BenchRow(part ?? section, g.Key, $"{rates[g.Key]:F1} {unit}",
                peer > 0 && g.Key != peerName && (compared == null || compared.Contains(g.Key)) ? $"{rates[g.Key] / peer:F2}x {peerLabel}" : null, peak, g.Count()));
        }
        return variant => peer > 0 && rates.TryGetValue(variant, out var rate) ? rate / peer : null;
    }

    static Dictionary<string, double> Medians<T>(IEnumerable<IGrouping<string, T>> groups, Func<T, double> value) =>
        groups.ToDictionary(g => g.Key, g => Median.Of(g.Select(value)));

    static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return $"{DateTime.UtcNow:HH:mm:ss} " + (File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown");
    }
}

/// <summary>A measurement of one variant's throughput, as <see cref="BenchRunner"/> tabulates it.</summary>
public interface IVariantRate
{
    /// <summary>Which variant ran.</summary>
    string Variant { get; }
    /// <summary>Images per second.</summary>
    double ImagesPerSecond { get; }
    /// <summary>Peak resident memory of the process, MB.</summary>
    double PeakRssMb { get; }
}
