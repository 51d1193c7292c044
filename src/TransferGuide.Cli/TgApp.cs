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
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Evaluate a checkpoint: metrics with confidence intervals, error analysis, Grad-CAM, embeddings and per-group gaps, as report.html and metrics.json.")
                .WithExample("evaluate", "--checkpoint", "runs/20261125-101500")
                .WithExample("evaluate", "--checkpoint", "runs/20261125-101500/model.tgck", "--data", "~/photos/my-classes", "--groups", "groups.csv");
        });
        return app;
    }
}
