namespace TransferGuide.Augment;

/// <summary>Argument checks shared by the transforms, so a bad setting fails when the pipeline is built.</summary>
internal static class Probabilities
{
    public static double Check(double p, string name) =>
        p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(name, p, "A probability must be between 0 and 1.");

    public static (double Min, double Max) Range(double min, double max, string name)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentOutOfRangeException(name, $"({min}, {max})", "Give a finite range with min <= max.");
        return (min, max);
    }

    /// <summary>Uniform in [min, max]; draws nothing when the range is a single value, so fixed settings stay exact.</summary>
    public static double Uniform(this Random random, double min, double max) =>
        min == max ? min : min + (max - min) * random.NextDouble();
}
