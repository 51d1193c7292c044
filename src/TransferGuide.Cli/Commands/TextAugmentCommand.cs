namespace TransferGuide.Cli.Commands;

/// <summary><c>tg text augment</c>: shows what each EDA operation does to a few sentences of a text dataset.</summary>
public sealed class TextAugmentCommand : Command<TextAugmentCommand.Settings>
{
    /// <summary>Options of tg text augment.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Catalog dataset.</summary>
        [CommandOption("--dataset <NAME>"), Description("Catalog text dataset: sst2 (default) or sms_spam.")] public string Dataset { get; init; } = "sst2";

        /// <summary>User's file.</summary>
        [CommandOption("--data <FILE>"), Description("Your own LABEL<TAB>TEXT file instead (labels are taken as they appear).")] public string? Data { get; init; }

        /// <summary>Examples to show.</summary>
        [CommandOption("--count <N>"), OptionRange(1, 1000), Description("Sentences to show (default 3).")] public int Count { get; init; } = 3;

        /// <summary>Fraction of words.</summary>
        [CommandOption("--fraction <F>"), OptionRange(0, 1), Description("Largest share of words each operation changes (default 0.2).")] public double Fraction { get; init; } = 0.2;

        /// <summary>Folder of WordNet's database files; null for <see cref="TransferGuide.Data.Text.WordNet.Default"/>.</summary>
        [CommandOption("--wordnet <DIR>"), Description("Folder of WordNet 3.0's database files (index.noun, data.noun, ...). Default: $WNSEARCHDIR, else /usr/share/wordnet from the Debian package wordnet-base.")] public string? WordNetFolder { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed for picking sentences and augmenting them (default 42).")] public int Seed { get; init; } = 42;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = settings.Data != null ? LoadOwn(settings.Data) : TextDatasets.Load(settings.Dataset);
        var wordNet = settings.WordNetFolder != null ? WordNet.Load(settings.WordNetFolder) : WordNet.Default;
        var eda = new EasyDataAugmentation(wordNet, settings.Fraction);
        var pool = data.Split(data.Splits[0]).ToArray();
        new Random(settings.Seed).Shuffle(pool);
        foreach (var example in pool.Take(settings.Count))
        {
            var table = new Table().AddColumn("operation").AddColumn($"text (label {Markup.Escape(data.ClassNames[example.Label])})");
            table.AddRow("[grey]original[/]", Markup.Escape(example.Text));
            foreach (var op in eda.Operations)
                table.AddRow(op.GetType().Name, Markup.Escape(op.Apply(example, settings.Seed).Text));
            AnsiConsole.Write(table);
        }
        return 0;
    }

    static TextDataset LoadOwn(string path)
    {
        // Take the labels as they appear, in order of first appearance, so any two-column file works.
        var labels = File.ReadLines(path).Where(l => l.Contains('\t')).Select(l => l[..l.IndexOf('\t')].Trim()).Distinct().ToList();
        return TextDatasets.LoadFile(path, labels);
    }
}
