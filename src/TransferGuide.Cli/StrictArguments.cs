using System.Globalization;
using System.Reflection;

namespace TransferGuide.Cli;

/// <summary>
/// Checks a command line before it is parsed: an unknown verb or option is an error that names the nearest valid one
/// (<c>tg train --epoch 1</c>: "did you mean --epochs?"), where a parser left to itself would ignore the typo and run
/// the defaults. Values are not checked here (<see cref="SettingsValidator"/> does that).
/// </summary>
public static class StrictArguments
{
    static readonly string[] HelpAndVersion = ["-h", "--help", "-?", "-v", "--version"];

    /// <summary>
    /// Throws <see cref="CliInputException"/> for the first unknown verb or option in <paramref name="args"/>; returns
    /// the arguments to parse, where a value that starts with a dash is joined to its option
    /// (<c>--train-args "--crop-area 0.75"</c> becomes <c>--train-args=--crop-area 0.75</c>): Spectre's parser would
    /// read such a value as an option of its own and fail with "Invalid long option name".
    /// </summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-')) return args; // tg alone, or tg --help: the parser's own help
        var (command, used) = Resolve(args);
        if (command == null) return args; // a branch alone ("tg data"): the parser shows its help
        var parsed = args.Take(used).ToList();
        var settings = VerbTable.SettingsOf(command);
        var options = Options(settings);
        var numeric = SettingsValidator.NumericOptions(settings).ToDictionary(o => o.Option, o =>
            o.Property.GetCustomAttribute<OptionRangeAttribute>()?.Describe(o.Property.PropertyType == typeof(int) || o.Property.PropertyType == typeof(int?)) ?? "a number");
        for (int i = used; i < args.Count; i++)
        {
            var token = args[i];
            parsed.Add(token);
            if (token == "--") { parsed.AddRange(args.Skip(i + 1)); return parsed; } // everything after is an argument
            if (!token.StartsWith('-') || IsNumber(token) || HelpAndVersion.Contains(token)) continue;
            var name = token.Split('=', 2)[0];
            if (!options.TryGetValue(name, out var takesValue))
            {
                var verb = string.Join(' ', args.Take(used));
                var nearest = NearestName.Of(name, options.Keys.Where(k => k.StartsWith("--", StringComparison.Ordinal)));
                throw new CliInputException($"Unknown option '{name}' for tg {verb}." +
                                            (nearest != null ? $" Did you mean {nearest}?" : "") + $" Run tg {verb} --help for its options.");
            }
            if (!takesValue) continue;
            string? value = null;
            if (token.Contains('=')) value = token.Split('=', 2)[1];
            else if (i + 1 < args.Count)
            {
                value = args[++i]; // the value, even "-1" or "--refit"
                if (value.StartsWith('-') && !IsNumber(value) && name.StartsWith("--", StringComparison.Ordinal)) parsed[^1] = $"{name}={value}";
                else parsed.Add(value);
            }
            if (value != null && numeric.TryGetValue(name, out var range) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                throw new CliInputException($"{name} {value} is not a number: {name} takes {range}. Pass a value in that range (see --help).");
        }
        return parsed;
    }

    /// <summary>The command the leading words name and how many words that took; throws for an unknown verb.</summary>
    static (Type? Command, int Used) Resolve(IReadOnlyList<string> args)
    {
        var first = args[0];
        if (args.Count > 1 && !args[1].StartsWith('-') && VerbTable.Branches.Contains(first))
        {
            var two = $"{first} {args[1]}";
            var match = VerbTable.Verbs.FirstOrDefault(v => v.Path == two);
            if (match.Command != null) return (match.Command, 2);
            var subs = VerbTable.Verbs.Where(v => v.Path.StartsWith(first + " ", StringComparison.Ordinal)).Select(v => v.Path.Split(' ')[1]);
            throw new CliInputException($"Unknown command 'tg {two}'. Did you mean 'tg {first} {NearestName.Of(args[1], subs)}'? Run tg {first} --help for its commands.");
        }
        var single = VerbTable.Verbs.FirstOrDefault(v => v.Path == first);
        if (single.Command != null) return (single.Command, 1);
        if (VerbTable.Branches.Contains(first)) return (null, 1);
        var tops = VerbTable.Verbs.Select(v => v.Path.Split(' ')[0]).Where(v => v != "numerics-probe").Distinct();
        throw new CliInputException($"Unknown command '{first}'. Did you mean '{NearestName.Of(first, tops)}'? Run tg --help for the commands.");
    }

    /// <summary>Every option name of a settings class ("--epochs", "-k") and whether it takes a value.</summary>
    public static IReadOnlyDictionary<string, bool> Options(Type settings)
    {
        var names = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var p in settings.GetProperties())
            if (p.GetCustomAttribute<CommandOptionAttribute>() is { } o)
            {
                bool takesValue = o.ValueName != null && !o.ValueIsOptional;
                foreach (var l in o.LongNames) names["--" + l] = takesValue;
                foreach (var s in o.ShortNames) names["-" + s] = takesValue;
            }
        return names;
    }

    static bool IsNumber(string token) => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
