using TransferGuide.Cli.Commands;

namespace TransferGuide.Cli;

/// <summary>
/// The <c>tg</c> command line: one verb per command class in Commands/ (listed again in <see cref="VerbTable"/> for the
/// strict argument check). Unknown verbs and options are errors, numeric options are range-checked before a verb
/// runs, and every failure exits with the convention of <see cref="ExitCodes"/>.
/// </summary>
public static class TgApp
{
    /// <summary>Builds the app with every verb registered.</summary>
    public static TgCommandApp Create()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("tg");
            config.UseStrictParsing();
            config.SetInterceptor(new SettingsValidator());
            // Every failure a verb does not handle itself ends here: "Error: message" and the exit code of ExitCodes.
            config.SetExceptionHandler((e, _) => ExitCodes.Report(e));
            config.SetHelpProvider(new TgHelpProvider(config.Settings));
            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription("Check this machine: OS, libstdc++, TorchSharp, CUDA, threads, weights and datasets.");
            config.AddCommand<NumericsProbeCommand>("numerics-probe").IsHidden()
                .WithDescription("Run numerics probes in this process (the guard's child process).");
            config.AddCommand<QuickstartCommand>("quickstart")
                .WithDescription("Train a head on frozen ImageNet ResNet18 features (ants/bees by default, or --data DIR) and write a run folder.")
                .WithExample("quickstart")
                .WithExample("quickstart", "--data", "~/photos/my-classes");
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train with a recipe (extract, finetune or auto) into a run folder; --resume RUN continues a stopped run.")
                .WithExample("train", "--dataset", "oxford_flowers17", "--recipe", "finetune", "--epochs", "5")
                .WithExample("train", "--resume", "runs/20261125-101500");
            config.AddBranch("notebooks", notebooks =>
            {
                notebooks.SetDescription("The course notebooks.");
                notebooks.AddCommand<NotebooksRunCommand>("run")
                    .WithDescription("Execute notebooks (all weeks by default) through Jupyter and the .NET kernel; one line per notebook with time and PASS/FAIL.")
                    .WithExample("notebooks", "run", "--quick")
                    .WithExample("notebooks", "run", "month1/week04-feature-extraction.ipynb");
            });
            config.AddBranch("course", course =>
            {
                course.SetDescription("The course: each week's one source (monthN/weekNN-*.cs), its notebook, its program.");
                course.AddCommand<CourseBuildCommand>("build")
                    .WithDescription("Write each week's notebook from its source; --check fails on a stale notebook.")
                    .WithExample("course", "build")
                    .WithExample("course", "build", "--check");
                course.AddCommand<CourseRunCommand>("run")
                    .WithDescription("Run weeks as plain programs (dotnet run monthN/weekNN-*.cs); one line per week with time and PASS/FAIL.")
                    .WithExample("course", "run", "--quick")
                    .WithExample("course", "run", "month1/week04-feature-extraction.cs");
                course.AddCommand<CourseRenderCommand>("render")
                    .WithDescription("Run every week (quick mode; --full for the real numbers) and write a static site that reads offline: a page per week with its narrative, code, output and charts, and an index.")
                    .WithExample("course", "render", "--out", "site")
                    .WithExample("course", "render", "month1/week04-feature-extraction.cs", "--out", "/tmp/site-w4");
            });
            config.AddCommand<AssignCommand>("assign")
                .WithDescription("Write the student release of the weeks: solutions replaced by Exercise.Todo, hidden tests removed, ids kept, no outputs, and manifest.json.")
                .WithExample("assign", "--out", "release");
            config.AddCommand<GradeCommand>("grade")
                .WithDescription("Grade one folder or .ipynb per student against a release: tamper check, hidden tests, sandboxed kernel runs, gradebook.csv, SQLite and feedback.html.")
                .WithExample("grade", "submissions", "--release", "release", "--jobs", "2")
                .WithExample("grade", "--collect", "--release", "release", "--out", "grades");
            config.AddCommand<ModelsCommand>("models")
                .WithDescription("The model zoo's cost table: parameters, FLOPs, CPU latency (batch 1 and 32) and peak memory; --json for JSON.")
                .WithExample("models", "--quick")
                .WithExample("models", "--json");
            config.AddCommand<EnsembleCommand>("ensemble")
                .WithDescription("Fine-tune one member per seed; compare the best member with their average, TTA and snapshot ensembles.")
                .WithExample("ensemble", "--dataset", "oxford_flowers17", "--seeds", "1,2,3", "--image-size", "128");
            config.AddCommand<DistillCommand>("distill")
                .WithDescription("Knowledge distillation: a fine-tuned teacher, the student alone and the student with KD (accuracy, size, latency).")
                .WithExample("distill", "--student", "mobilenet_v2", "--alpha", "0.7", "--temperature", "4");
            config.AddCommand<BiasCommand>("bias")
                .WithDescription("Bias check: groups per split and class (shares, empty cells), then per-group accuracy and the best-worst gap without and with a mitigation (reweighting, balanced sampling).")
                .WithExample("bias", "--dataset", "fsdd", "--underrepresent", "jackson:10", "--mitigation", "both")
                .WithExample("bias", "--data", "~/recordings", "--groups", "groups.csv", "--mitigation", "reweight");
            config.AddCommand<AdaptCommand>("adapt")
                .WithDescription("Domain adaptation on frozen ResNet18 features: source only, CORAL and DANN from a labelled source to an unlabelled target; target accuracy and gain over source only.")
                .WithExample("adapt", "--source", "oxford_flowers17", "--target-data", "runs/oxford_flowers17-fog3-seed42", "--method", "all");
            config.AddCommand<FewShotCommand>("fewshot")
                .WithDescription("Few-shot N-way K-shot episodes on unseen classes: prototypes, a fine-tuned linear head and Reptile, mean ± 95% interval.")
                .WithExample("fewshot", "--dataset", "oxford_flowers17", "--ways", "5", "--shots", "1,5", "--episodes", "600");
            config.AddCommand<DriftCommand>("drift")
                .WithDescription("Has the data moved since a run? MMD, KS and PSI on ResNet18 embeddings; --incremental compares naive, rehearsal and LwF updates; --power measures the tests.")
                .WithExample("drift", "--reference", "runs/20261203-101500", "--data", "flowers17_fog3")
                .WithExample("drift", "--reference-dataset", "oxford_flowers17", "--data", "flowers17_fog3", "--incremental");
            config.AddBranch("bench", bench =>
            {
                bench.SetDescription("Benchmarks that print their figures and write them to a timestamped JSON file.");
                bench.SetDefaultCommand<BenchCommand>();
                bench.AddCommand<BenchCommand>("all")
                    .WithDescription("The kit against ONNX Runtime and PyTorch, the input pipeline and ants/bees end to end (the default of tg bench).")
                    .WithExample("bench", "--quick");
                bench.AddCommand<BenchAccuracyCommand>("accuracy")
                    .WithDescription("The default recipe over seeds on sets far from ImageNet and its home ground: test accuracy mean and spread against targets, wall time, peak memory.")
                    .WithExample("bench", "accuracy", "--sets", "sign_digits,fashion_k100", "--seeds", "1,2,3", "--precisions", "fp32,bf16");
                bench.AddCommand<BenchPrecisionCommand>("precision")
                    .WithDescription("Training-step images/s and peak memory at fp32 against bf16 (each in its own process).")
                    .WithExample("bench", "precision", "--precisions", "fp32,bf16", "--rounds", "2");
            });
            config.AddCommand<FewLabelsCommand>("fewlabels")
                .WithDescription("Make a few-label experiment from Fashion-MNIST: k labelled images per class and a balanced test set, as PNG folders.")
                .WithExample("fewlabels", "--per-class", "10", "--out", "runs/fashion-k10");
            config.AddBranch("text", text =>
            {
                text.SetDescription("Text datasets: loading and augmentation.");
                text.AddCommand<TextAugmentCommand>("augment")
                    .WithDescription("Show synonym replacement, insertion, swap and deletion on a few sentences (WordNet from wordnet-base).")
                    .WithExample("text", "augment", "--dataset", "sst2", "--count", "3", "--fraction", "0.2");
            });
            config.AddBranch("audio", audio =>
            {
                audio.SetDescription("Audio datasets as images: log-mel spectrograms for image-style transfer learning.");
                audio.AddCommand<AudioSpectrogramsCommand>("spectrograms")
                    .WithDescription("Write a dataset's WAV clips as log-mel spectrogram PNGs (same splits and classes), for tg train --data.")
                    .WithExample("audio", "spectrograms", "--dataset", "fsdd", "--out", "runs/fsdd-mel", "--copies", "2");
            });
            config.AddBranch("data", data =>
            {
                data.SetDescription("Check, measure and shift image data: cleaning report, pipeline benchmark, corrupted copies.");
                data.AddCommand<DataReportCommand>("report")
                    .WithDescription("Find exact and near duplicates (within and across splits), unreadable files, tiny images and class imbalance; writes HTML and JSON.")
                    .WithExample("data", "report", "--dataset", "oxford_flowers17", "--write-leaks", "leaks.txt")
                    .WithExample("data", "report", "--data", "~/photos/my-classes");
                data.AddCommand<DataBenchCommand>("bench")
                    .WithDescription("Measure images/s of the data pipeline alone (cold decode, memory and disk caches) with 1 and 2 workers, next to the model's forward rate.")
                    .WithExample("data", "bench", "--dataset", "hymenoptera_data", "--images", "160");
                data.AddCommand<DataCorruptCommand>("corrupt")
                    .WithDescription("Write an ImageNet-C-style corrupted copy of a dataset (noise, blur, fog, contrast, JPEG, pixelation; severity 1-5), same layout, for tg train --data.")
                    .WithExample("data", "corrupt", "--dataset", "oxford_flowers17", "--corruption", "fog", "--severity", "3")
                    .WithExample("data", "corrupt", "--data", "~/photos/my-classes", "--corruption", "gaussian_noise", "--severity", "2", "--out", "runs/my-noise2");
            });
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Evaluate a checkpoint: metrics with confidence intervals, error analysis, Grad-CAM, embeddings and per-group gaps, as report.html and metrics.json.")
                .WithExample("evaluate", "--checkpoint", "runs/20261125-101500")
                .WithExample("evaluate", "--checkpoint", "runs/20261125-101500/model.tgck", "--data", "~/photos/my-classes", "--groups", "groups.csv");
        });
        return new TgCommandApp(app);
    }
}
