using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace TransferGuide.Cli;

/// <summary>
/// Spectre's help, with each verb's own text for the options its settings inherit (<see cref="OptionHelpAttribute"/>).
/// Spectre reads an option's text where the property is declared, so a shared base class alone would give every
/// verb the same words; this swaps in the verb's own before the options table is drawn, and changes nothing else.
/// </summary>
/// <param name="settings">The app's settings, as Spectre's own provider takes them.</param>
public sealed class TgHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    /// <inheritdoc />
    public override IEnumerable<IRenderable> GetOptions(ICommandModel model, ICommandInfo? command) =>
        base.GetOptions(model, command != null && SettingsOf(command) is { } type ? new Retexted(command, type) : command);

    /// <summary>The settings class of a verb, found by its path in <see cref="VerbTable"/>.</summary>
    static Type? SettingsOf(ICommandInfo command)
    {
        var words = new List<string>();
        for (var c = command; c != null; c = c.Parent)
            if (!c.IsDefaultCommand) words.Insert(0, c.Name);
        var path = string.Join(' ', words);
        var verb = VerbTable.Verbs.FirstOrDefault(v => v.Path == path);
        return verb.Command == null ? null : VerbTable.SettingsOf(verb.Command);
    }

    /// <summary>The command as Spectre sees it, with the verb's own option texts.</summary>
    sealed class Retexted(ICommandInfo inner, Type settings) : ICommandInfo
    {
        public string Name => inner.Name;
        public string? Description => inner.Description;
        public bool IsBranch => inner.IsBranch;
        public bool IsDefaultCommand => inner.IsDefaultCommand;
        public bool IsHidden => inner.IsHidden;
        public ICommandInfo? Parent => inner.Parent;
        public IReadOnlyList<string[]> Examples => inner.Examples;
        public IReadOnlyList<ICommandInfo> Commands => inner.Commands;
        public ICommandInfo? DefaultCommand => inner.DefaultCommand;

        public IReadOnlyList<ICommandParameter> Parameters { get; } = inner.Parameters
            .Select(p => p is ICommandOption { LongNames.Count: > 0 } o ? new RetextedOption(o, OptionHelpAttribute.For(settings, "--" + o.LongNames[0])) : p)
            .ToList();
    }

    sealed class RetextedOption(ICommandOption inner, string? description) : ICommandOption
    {
        public IReadOnlyList<string> LongNames => inner.LongNames;
        public IReadOnlyList<string> ShortNames => inner.ShortNames;
        public string? ValueName => inner.ValueName;
        public bool ValueIsOptional => inner.ValueIsOptional;
        public bool IsFlag => inner.IsFlag;
        public bool IsRequired => inner.IsRequired;
        public string? Description { get; } = description ?? inner.Description;
        public DefaultValueAttribute? DefaultValue => inner.DefaultValue;
        public bool IsHidden => inner.IsHidden;
    }
}
