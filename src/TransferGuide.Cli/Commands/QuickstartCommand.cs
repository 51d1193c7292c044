using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TransferGuide.Recipes;
using TransferGuide.Training;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg quickstart</c>: the one-call feature-extraction recipe with a progress display.</summary>
public sealed class QuickstartCommand : Command<QuickstartCommand.Settings>
{
    /// <summary>Options of tg quickstart.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Catalog dataset.</summary>
        [CommandOption("--dataset <NAME>")]
        [Description("Catalog dataset to use (default hymenoptera_data, ants vs bees).")]
        public string Dataset { get; init; } = "hymenoptera_data";

        /// <summary>User's folder.</summary>
        [CommandOption("--data <DIR>")]
        [Description("Your own images: one sub-folder per class, optionally under train/ and val/ (or test/).")]
        public string? Data { get; init; }

        /// <summary>Head epochs.</summary>
        [OptionRange(1, 10_000)]
        [CommandOption("--epochs <N>")]
        [Description("Epochs of head training (default 40).")]
        public int? Epochs { get; init; }

        /// <summary>Where run folders go.</summary>
        [CommandOption("--runs <DIR>")]
        [Description("Folder for run folders (default ./runs).")]
        public string Runs { get; init; } = "runs";

        /// <summary>Skip the feature cache.</summary>
        [CommandOption("--no-cache")]
        [Description("Extract features again instead of using the cache.")]
        public bool NoCache { get; init; }

        /// <summary>Seed.</summary>
        [OptionRange(0, int.MaxValue)]
        [CommandOption("--seed <N>")]
        [Description("Seed for splits and training (default 42).")]
        public int Seed { get; init; } = 42;

        /// <summary>Pixel cap.</summary>
        [OptionRange(0, 100_000, MinExclusive = true)]
        [CommandOption("--max-megapixels <MP>")]
        [Description("Skip (and name) images larger than this many megapixels (default 40): a guard against decompression bombs.")]
        public double MaxMegapixels { get; init; } = TransferGuide.Data.ImageDecoder.DefaultMaxPixels / 1e6;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = RunDisplay.CancelOnCtrlC(cancel, "Stopping after this batch; finished work is kept and the next run resumes from it.");
        try
        {
            var head = new HeadOptions(Seed: settings.Seed);
            if (settings.Epochs is { } epochs) head = head with { Epochs = epochs };
            var options = new QuickstartOptions(
                Dataset: settings.Dataset, DataDir: settings.Data, Head: head, RunsRoot: settings.Runs,
                FeatureCacheFolder: settings.NoCache ? "" : null, Seed: settings.Seed,
                MaxPixels: (long)(settings.MaxMegapixels * 1_000_000));
            RunFolder.CheckWritable(settings.Runs);
            var result = RunDisplay.Run(head.Epochs, (progress, _) => Quickstart.Run(options, progress, cancel.Token));
            RunDisplay.Summarise(result);
            return 0;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Stopped. Extracted features are kept in the cache; run the same command to resume.[/]");
            return ExitCodes.Stopped;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return RunDisplay.Fail(e);
        }
    }
}
