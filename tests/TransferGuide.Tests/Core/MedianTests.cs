namespace TransferGuide.Tests.Core;

/// <summary>The kit's one median: the middle value, or the mean of the middle two, whatever the input order.</summary>
public class MedianTests
{
    [Fact]
    public void An_odd_count_takes_the_middle_value_and_ignores_one_slow_run()
    {
        Assert.Equal(2.0, Median.Of([1.0, 2.0, 100.0]));
        Assert.Equal(5.0, Median.Of([5.0]));
        Assert.Equal(3.0, Median.Of([9.0, 1.0, 3.0, 2.0, 4.0]));
    }

    [Fact]
    public void An_even_count_takes_the_mean_of_the_middle_two()
    {
        // Neither the lower (1) nor the upper (2) middle value: three medians in the kit once disagreed here.
        Assert.Equal(1.5, Median.Of([2.0, 1.0]));
        Assert.Equal(2.5, Median.Of([4.0, 1.0, 3.0, 2.0]));
        Assert.Equal(2.5, Median.Of([1.0, 2.0, 3.0, 100.0]));
    }

    [Fact]
    public void No_values_have_no_median()
    {
        Assert.True(double.IsNaN(Median.Of([])));
    }
}
