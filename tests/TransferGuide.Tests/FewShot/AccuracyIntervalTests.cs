using TransferGuide.FewShot;

namespace TransferGuide.Tests.FewShot;

public class AccuracyIntervalTests
{
    [Fact]
    public void Half_width_is_1_96_sd_over_root_episodes()
    {
        double[] values = [0.6, 0.8, 0.7, 0.9, 0.5];
        var interval = AccuracyInterval.FromEpisodes(values);
        // mean 0.7; squared deviations sum to 0.1; sample sd √(0.1/4) = 0.158114
        Assert.Equal(0.7, interval.Mean, 12);
        Assert.Equal(Math.Sqrt(0.025), interval.StandardDeviation, 12);
        Assert.Equal(1.96 * Math.Sqrt(0.025) / Math.Sqrt(5), interval.HalfWidth, 12);
        Assert.Equal(interval.Mean - interval.HalfWidth, interval.Lower, 12);
        Assert.Equal("70.00 ± 13.86%", interval.ToString());
    }

    [Fact]
    public void Constant_episodes_have_no_width_and_none_is_an_error()
    {
        var interval = AccuracyInterval.FromEpisodes([1.0, 1.0, 1.0]);
        Assert.Equal(0, interval.HalfWidth);
        Assert.Throws<ArgumentException>(() => AccuracyInterval.FromEpisodes([]));
    }

    [Fact]
    public void A_difference_above_zero_is_a_gain()
    {
        Assert.True(AccuracyInterval.FromEpisodes([0.1, 0.12, 0.09, 0.11]).AboveZero);
        Assert.False(AccuracyInterval.FromEpisodes([0.1, -0.12, 0.09, -0.11]).AboveZero);
        Assert.True(AccuracyInterval.FromEpisodes([-0.1, -0.12]).BelowZero);
    }
}
