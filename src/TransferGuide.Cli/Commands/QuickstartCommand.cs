namespace TransferGuide.Cli.Commands;

/// <summary><c>tg quickstart</c>: the one-call feature-extraction recipe with a progress display.</summary>
public sealed class QuickstartCommand : Command<QuickstartCommand.Settings>
{
    /// <summary>Options of tg quickstart.</summary>
    [OptionHelp("--dataset", "Catalog dataset to use (default hymenoptera_data, ants vs bees).")]
    public sealed class Settings() : RunSettings("hymenoptera_data")
    {
        /// <summary>Head epochs.</summary>
        [CommandOption("--epochs <N>"), OptionRange(1, 10_000), Description("Epochs of head training (default 40).")] public int? Epochs { get; init; }

        /// <summary>Skip the feature cache.</summary>
        [CommandOption("--no-cache"), Description("Extract features again instead of using the cache.")] public bool NoCache { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed for splits and training (default 42).")] public int Seed { get; init; } = 42;
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
                Dataset: settings.Dataset!, DataDir: settings.Data, Head: head, RunsRoot: settings.Runs,
                FeatureCacheFolder: settings.NoCache ? "" : null, Seed: settings.Seed, MaxPixels: settings.MaxPixels);
            RunFolder.CheckWritable(settings.Runs);
            RunDisplay.Summarise(RunDisplay.Run(head.Epochs, (progress, _) => Quickstart.Run(options, progress, cancel.Token)));
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            return RunDisplay.Stopped("Stopped. Extracted features are kept in the cache; run the same command to resume.");
        }
    }
}
