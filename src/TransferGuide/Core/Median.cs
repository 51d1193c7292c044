namespace TransferGuide.Core;

/// <summary>
/// The kit's one median, the statistic every timing reports (robust to the odd slow run on a shared machine): the
/// middle value, or the mean of the middle two for an even count, as statistics books and numpy define it.
/// </summary>
public static class Median
{
    /// <summary>The median of <paramref name="values"/> (mean of the middle two for an even count); NaN when empty.</summary>
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
