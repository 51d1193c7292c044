namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg fewlabels</c>: a few-label experiment folder from Fashion-MNIST: k labelled training images per
/// class and a balanced test set, as PNG class folders for <c>tg train --data</c>.
/// </summary>
public sealed class FewLabelsCommand : Command<FewLabelsCommand.Settings>
{
    /// <summary>Options of tg fewlabels.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Labels per class.</summary>
        [CommandOption("-k|--per-class <N>"), OptionRange(1, 1_000_000), Description("Labelled training images per class (default 10).")] public int K { get; init; } = 10;

        /// <summary>Test images per class.</summary>
        [CommandOption("--test-per-class <N>"), OptionRange(1, 1_000_000), Description("Test images per class, 1 to 1000 (default 100).")] public int TestPerClass { get; init; } = 100;

        /// <summary>Where Fashion-MNIST is.</summary>
        [CommandOption("--data <DIR>"), Description("Folder of the four IDX files (default: found as the catalog says, ending at /usr/share/datasets/fashion-mnist).")] public string? Data { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>"), Description("Where the image folders go (default runs/fashion-k<K>-seed<SEED>).")] public string? Out { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed of the picks (default 42). For one seed, smaller k is a subset of larger k.")] public int Seed { get; init; } = 42;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = FashionMnist.Load(settings.Data);
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine("runs", $"fashion-k{settings.K}-seed{settings.Seed}"));
        var train = FewLabels.PerClass(data.Train.LabelList, settings.K, settings.Seed, data.Classes);
        var test = FewLabels.PerClass(data.Test.LabelList, settings.TestPerClass, settings.Seed, data.Classes);
        int written = data.Train.SaveImages(Path.Combine(outDir, "train"), data.Classes, train.Labelled)
                    + data.Test.SaveImages(Path.Combine(outDir, "test"), data.Classes, test.Labelled);
        AnsiConsole.MarkupLine($"Wrote [green]{written}[/] images ({settings.K} labelled and {settings.TestPerClass} test per class) to [blue]{Markup.Escape(outDir)}[/].");
        AnsiConsole.MarkupLine($"Train on them: [grey]tg train --data {Markup.Escape(outDir)} --recipe extract[/]");
        return 0;
    }
}
