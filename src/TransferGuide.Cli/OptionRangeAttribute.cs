using System.Globalization;

namespace TransferGuide.Cli;

/// <summary>
/// The valid range of a numeric option, checked before a verb does any work (<see cref="SettingsValidator"/>). Every
/// numeric option carries one; a test fails for any that does not.
/// </summary>
/// <param name="min">The smallest valid value.</param>
/// <param name="max">The largest valid value.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionRangeAttribute(double min, double max = double.MaxValue) : Attribute
{
    /// <summary>The smallest valid value (or the bound above which values are valid, with <see cref="MinExclusive"/>).</summary>
    public double Min { get; } = min;
    /// <summary>The largest valid value.</summary>
    public double Max { get; } = max;
    /// <summary>The value must be greater than <see cref="Min"/>, not equal to it (a learning rate of 0 learns nothing).</summary>
    public bool MinExclusive { get; init; }

    /// <summary>Whether <paramref name="value"/> is in range (and finite).</summary>
    public bool Contains(double value) => double.IsFinite(value) && (MinExclusive ? value > Min : value >= Min) && value <= Max;

    /// <summary>The range in words, e.g. "a number greater than 0" or "a whole number from 1 to 10000".</summary>
    public string Describe(bool whole)
    {
        string Num(double v) => v.ToString("G", CultureInfo.InvariantCulture);
        var kind = whole ? "a whole number" : "a finite number";
        if (Max >= (whole ? int.MaxValue : double.MaxValue))
            return MinExclusive ? $"{kind} greater than {Num(Min)}" : $"{kind} of at least {Num(Min)}";
        return MinExclusive ? $"{kind} greater than {Num(Min)} and at most {Num(Max)}" : $"{kind} from {Num(Min)} to {Num(Max)}";
    }
}
