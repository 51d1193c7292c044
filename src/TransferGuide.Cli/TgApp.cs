using Spectre.Console.Cli;
using TransferGuide.Cli.Commands;

namespace TransferGuide.Cli;

/// <summary>The <c>tg</c> command line: one verb per command class in Commands/.</summary>
public static class TgApp
{
    /// <summary>Builds the app with every verb registered.</summary>
    public static CommandApp Create()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("tg");
            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription("Check this machine: OS, libstdc++, TorchSharp, CUDA, threads, weights and datasets.");
            config.AddCommand<QuickstartCommand>("quickstart")
                .WithDescription("Train a head on frozen ImageNet ResNet18 features (ants/bees by default, or --data DIR) and write a run folder.")
                .WithExample("quickstart")
                .WithExample("quickstart", "--data", "~/photos/my-classes");
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train with a recipe (extract or finetune) into a run folder; --resume RUN continues a stopped run.")
                .WithExample("train", "--dataset", "oxford_flowers17", "--recipe", "finetune", "--epochs", "5")
                .WithExample("train", "--resume", "runs/20261125-101500");
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
            config.AddBranch("bench", bench =>
            {
                bench.SetDescription("Benchmarks that print their figures and write them to a timestamped JSON file.");
                bench.AddCommand<BenchPrecisionCommand>("precision")
                    .WithDescription("Training-step images/s and peak memory at fp32 against bf16 (each in its own process).")
                    .WithExample("bench", "precision", "--precisions", "fp32,bf16", "--rounds", "2");
            });
        });
        return app;
    }
}
