namespace TransferGuide.Training;

/// <summary>
/// Two ways to stop a large group from drowning out a small one in training (speakers, sites, skin tones): weigh each
/// row by the inverse of its group's size, or draw the rows of an epoch group-balanced. Both give every group the same
/// total say in the loss; weighting keeps every row in every epoch, balanced drawing repeats the small group's rows
/// and skips some of the large group's.
/// </summary>
public static class GroupSampling
{
    /// <summary>
    /// Per-row weights <c>n / (G · n_g)</c> for a row of group <c>g</c> (n rows, G groups, n_g rows in g): every group's
    /// weights sum to n / G, and the mean weight is 1, so the loss keeps its scale and the learning rate its meaning.
    /// </summary>
    /// <exception cref="ArgumentException">No rows.</exception>
    public static float[] InverseFrequencyWeights(IReadOnlyList<string> groups)
    {
        if (groups.Count == 0) throw new ArgumentException("No rows to weigh.", nameof(groups));
        var counts = groups.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        double n = groups.Count, k = counts.Count;
        return groups.Select(g => (float)(n / (k * counts[g]))).ToArray();
    }

    /// <summary>
    /// <paramref name="count"/> row indices for one epoch: each draw picks a group uniformly, then one of its rows
    /// uniformly (with replacement), so in expectation every group gives <c>count / G</c> rows.
    /// </summary>
    /// <exception cref="ArgumentException">No rows.</exception>
    public static int[] BalancedOrder(IReadOnlyList<string> groups, int count, Random random)
    {
        if (groups.Count == 0) throw new ArgumentException("No rows to draw from.", nameof(groups));
        // Groups in name order, so the draw depends on the seed and the data only, not on dictionary order.
        var members = Enumerable.Range(0, groups.Count).GroupBy(i => groups[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            var rows = members[random.Next(members.Length)];
            order[i] = rows[random.Next(rows.Length)];
        }
        return order;
    }
}
