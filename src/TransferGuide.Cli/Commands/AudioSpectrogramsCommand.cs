namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg audio spectrograms</c>: turns a class-folder audio dataset (fsdd by default) into a folder of
/// log-mel spectrogram PNGs with the same splits and classes, ready for <c>tg train --data</c>.
/// </summary>
public sealed class AudioSpectrogramsCommand : Command<AudioSpectrogramsCommand.Settings>
{
    /// <summary>Options of tg audio spectrograms.</summary>
    [OptionHelp("--dataset", "Catalog audio dataset (default fsdd).")]
    [OptionHelp("--data", "Your own WAV files: one sub-folder per class, optionally under train/ and test/.")]
    public sealed class Settings() : DataSettings("fsdd")
    {
        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>"), Description("Where the spectrogram image dataset goes (default runs/spectrograms-<dataset>).")] public string? Out { get; init; }

        /// <summary>Augmented copies.</summary>
        [CommandOption("--copies <N>"), OptionRange(0, 100), Description("Augmented copies per training clip: time shift, stretch, pitch shift and noise, each with probability 0.5 (default 0).")] public int Copies { get; init; }

        /// <summary>Image side.</summary>
        [CommandOption("--size <PX>"), OptionRange(16, 2048), Description("Side of the square spectrogram images (default 224).")] public int Size { get; init; } = 224;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed of the augmented copies (default 42).")] public int Seed { get; init; } = 42;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = settings.Data != null ? AudioFolder.Load(settings.Data) : AudioFolder.FromCatalog(settings.Dataset!);
        var outDir = settings.Out ?? Path.Combine("runs", "spectrograms-" + data.Name);
        var mel = new LogMelSpectrogram { Height = settings.Size, Width = settings.Size };
        IAudioTransform[] augment = [new TimeShift(0.1), new TimeStretch(0.85, 1.15) { KeepLength = true }, PitchShift.Semitones(-2, 2), new AddNoise(10, 30)];
        int total = data.Items.Count;
        var stage = $"{data.Name}: {total} clips → spectrograms";
        var started = DateTime.UtcNow;
        var export = RunDisplay.Bar(stage, progress => SpectrogramFolder.Export(data, outDir, mel, augment, settings.Copies, settings.Seed,
            progress: new ActionProgress<int>(n => progress.Report(new WorkProgress(stage, n, total, 0)))));
        double seconds = (DateTime.UtcNow - started).TotalSeconds;
        AnsiConsole.MarkupLine($"Wrote [green]{export.Written}[/] images ({export.Augmented} augmented) to [blue]{Markup.Escape(export.Root)}[/] " +
                               $"in {seconds:F1} s ({export.Written / Math.Max(seconds, 1e-9):F0} images/s).");
        if (export.Report.Skipped.Count > 0) AnsiConsole.WriteLine(export.Report.ToString());
        // A preview of the augmentation: the first clip and five augmented versions.
        var gallery = Path.Combine(export.Root, "augmentation-gallery.png");
        SpectrogramGallery.Save(gallery, WavFile.Read(data.Items[0].Path), augment, n: 5, seed: settings.Seed);
        AnsiConsole.MarkupLine($"Augmentation preview: [blue]{Markup.Escape(gallery)}[/]");
        AnsiConsole.MarkupLine($"Train on them: [grey]tg train --data {Markup.Escape(export.Root)} --recipe extract[/]");
        return ExitCodes.Ok;
    }
}
