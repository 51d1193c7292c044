using System.Globalization;
using System.Reflection;

namespace TransferGuide.Cli;

/// <summary>
/// Runs before every verb: each numeric option is checked against its <see cref="OptionRangeAttribute"/>, so
/// <c>--lr -1</c>, <c>--epochs 0</c> or <c>--batch-size 0</c> stop with the valid range before any work (and before
/// a run folder exists), instead of training by gradient ascent or dividing by zero.
/// </summary>
public sealed class SettingsValidator : ICommandInterceptor
{
    /// <inheritdoc />
    public void Intercept(CommandContext context, CommandSettings settings) => Validate(settings);

    /// <inheritdoc />
    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result) { }

    /// <summary>Throws <see cref="CliInputException"/> for the first numeric option out of range.</summary>
    public static void Validate(CommandSettings settings)
    {
        foreach (var (property, option) in NumericOptions(settings.GetType()))
        {
            var range = property.GetCustomAttribute<OptionRangeAttribute>()
                        ?? throw new InvalidOperationException($"{settings.GetType().FullName}.{property.Name} ({option}) has no [OptionRange].");
            if (property.GetValue(settings) is not { } boxed) continue;
            double value = Convert.ToDouble(boxed, CultureInfo.InvariantCulture);
            if (range.Contains(value)) continue;
            bool whole = IsWhole(property.PropertyType);
            throw new CliInputException(
                $"{option} {Convert.ToString(boxed, CultureInfo.InvariantCulture)} is out of range: {option} takes {range.Describe(whole)}. " +
                $"Pass a value in that range (see --help).");
        }
    }

    /// <summary>Every numeric option of a settings type, with its long name (e.g. --batch-size).</summary>
    public static IEnumerable<(PropertyInfo Property, string Option)> NumericOptions(Type settingsType) =>
        settingsType.GetProperties()
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandOptionAttribute>()))
            .Where(x => x.Attribute != null && IsNumeric(x.Property.PropertyType))
            .Select(x => (x.Property, x.Attribute!.LongNames.Count > 0 ? "--" + x.Attribute.LongNames[0] : "-" + x.Attribute.ShortNames[0]));

    static bool IsNumeric(Type t) => (Nullable.GetUnderlyingType(t) ?? t) is var u &&
        (u == typeof(int) || u == typeof(long) || u == typeof(double) || u == typeof(float));

    static bool IsWhole(Type t) => (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(int) || u == typeof(long));
}
