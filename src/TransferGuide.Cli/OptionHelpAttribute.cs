using System.Reflection;

namespace TransferGuide.Cli;

/// <summary>
/// On a verb's settings class: that verb's own help text for an option a shared base settings class declares
/// (Commands/SharedSettings.cs). An option is declared once, with its name, type and range, but what it means can
/// differ by verb: <c>--seed</c> seeds the picks of <c>tg fewlabels</c> and the training of <c>tg train</c>, each
/// default says its own value. <see cref="TgHelpProvider"/> shows this text in <c>--help</c>.
/// </summary>
/// <param name="option">The option's long name, e.g. "--seed".</param>
/// <param name="description">The help text for this verb.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OptionHelpAttribute(string option, string description) : Attribute
{
    /// <summary>The option's long name, e.g. "--seed".</summary>
    public string Option { get; } = option;

    /// <summary>The help text for this verb.</summary>
    public string Description { get; } = description;

    /// <summary>
    /// The help text of <paramref name="option"/> on <paramref name="settings"/>: the nearest
    /// <see cref="OptionHelpAttribute"/> from the verb's settings class up through its bases, else the
    /// <see cref="DescriptionAttribute"/> where the option is declared.
    /// </summary>
    public static string? For(Type settings, string option)
    {
        for (var t = settings; t != null; t = t.BaseType)
            if (t.GetCustomAttributes<OptionHelpAttribute>(inherit: false).FirstOrDefault(a => a.Option == option) is { } own)
                return own.Description;
        return settings.GetProperties()
            .FirstOrDefault(p => p.GetCustomAttribute<CommandOptionAttribute>()?.LongNames.Any(n => "--" + n == option) == true)
            ?.GetCustomAttribute<DescriptionAttribute>()?.Description;
    }
}
