using TransferGuide.Augment.Corruptions;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg data corrupt</c>: an ImageNet-C-style corrupted copy of an image dataset (Gaussian noise, blur, fog,
/// contrast, JPEG or pixelation at severity 1 to 5), with the same splits, classes and file names, ready for
/// <c>tg train --data</c> or <c>tg evaluate --data</c>: a shifted domain made on demand.
/// </summary>
public sealed class DataCorruptCommand : Command<DataCorruptCommand.Settings>
{
    /// <summary>Options of tg data corrupt.</summary>
    [OptionHelp("--dataset", "Catalog dataset to corrupt (default hymenoptera_data).")]
    public sealed class Settings() : ImageDataSettings("hymenoptera_data")
    {
        /// <summary>Which corruption.</summary>
        [CommandOption("--corruption <NAME>"), Description("gaussian_noise, gaussian_blur, fog, contrast, jpeg or pixelate (required).")] public string? Corruption { get; init; }

        /// <summary>How strong.</summary>
        [CommandOption("--severity <N>"), OptionRange(Corruptions.MinSeverity, Corruptions.MaxSeverity), Description("ImageNet-C severity, 1 (mild) to 5 (strong) (default 3).")] public int Severity { get; init; } = 3;

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>"), Description("Where the corrupted copy goes, outside the dataset (default runs/<dataset>-<corruption><severity>-seed<seed>). Run again with the same options to resume.")] public string? Out { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed of the random corruptions (noise, fog); each image's draws depend on it and the image's path only (default 42).")] public int Seed { get; init; } = 42;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        CheckCorruption(settings.Corruption);
        var data = Datasets.Load(settings.Dataset, settings.Data, new DatasetLoadOptions(settings.MaxPixels, Log: RunDisplay.Log));
        var name = Corruptions.Canonical(settings.Corruption!);
        var outDir = settings.Out ?? Path.Combine("runs", $"{data.Name}-{name}{settings.Severity}-seed{settings.Seed}");
        int total = data.Items.Count;
        var stage = $"{data.Name}: {total} images → {name} severity {settings.Severity}";
        var started = DateTime.UtcNow;
        CorruptedCopy copy;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = RunDisplay.CancelOnCtrlC(cancel, "Stopping after the images in progress; finished files are kept and the next run resumes from them.");
        try
        {
            copy = RunDisplay.Bar(stage, progress => CorruptedFolder.Write(data, outDir, name, settings.Severity, settings.Seed,
                new ActionProgress<int>(n => progress.Report(new WorkProgress(stage, n, total, n / Math.Max((DateTime.UtcNow - started).TotalSeconds, 1e-9)))),
                cancel.Token));
        }
        catch (OperationCanceledException)
        {
            return RunDisplay.Stopped($"Stopped; the images finished so far are kept in {Path.GetFullPath(outDir)}. Run the same command again to finish.");
        }
        double seconds = (DateTime.UtcNow - started).TotalSeconds;
        AnsiConsole.MarkupLine($"Wrote [green]{copy.Written}[/] corrupted images" + (copy.Kept > 0 ? $" (kept {copy.Kept} from an earlier run)" : "") +
                               $" to [blue]{Markup.Escape(copy.Root)}[/] in {seconds:F1} s.");
        foreach (var s in copy.Report.Skipped)
            AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        AnsiConsole.MarkupLine($"Train or evaluate on it: [grey]tg train --data {Markup.Escape(copy.Root)}[/]");
        return ExitCodes.Ok;
    }

    /// <summary>Fails before any work when --corruption is missing or unknown, with the valid names and the nearest one.</summary>
    static void CheckCorruption(string? corruption)
    {
        var names = string.Join(", ", Corruptions.Names);
        if (string.IsNullOrWhiteSpace(corruption))
            throw new CliInputException($"--corruption is required: one of {names}.");
        if (!Corruptions.Names.Contains(Corruptions.Canonical(corruption)))
            throw new CliInputException($"--corruption {corruption} is not a corruption. Did you mean {NearestName.Of(corruption, Corruptions.Names)}? " +
                                        $"Valid corruptions: {names}.");
    }
}
