using TransferGuide.Monitoring;

namespace TransferGuide.Tests.Monitoring;

public class PowerCurveTests
{
    static List<float[]> Gaussian(int n, double shift, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 4).Select(d => (float)(Normal() + (d == 1 ? shift : 0))).ToArray()).ToList();
    }

    [Fact]
    public void Rates_are_low_on_the_same_distribution_and_high_on_a_shift()
    {
        var reference = Gaussian(150, 0, 1);
        var options = new PowerOptions(Draws: 20, SampleSize: 40, Drift: new DriftOptions(Permutations: 50, Components: 3, MaxMmdItems: 100));
        var clean = PowerCurve.Rates("none", 0, reference, Gaussian(120, 0, 2), options);
        var shifted = PowerCurve.Rates("shift", 3, reference, Gaussian(120, 1.5, 3), options);
        Assert.Equal(20, clean.Draws);
        // 20 draws at alpha 0.05: more than 5 alarms has probability below 0.001 when nothing moved.
        Assert.InRange(clean.MmdRate, 0, 0.25);
        Assert.Equal(1.0, shifted.MmdRate);
        Assert.Equal(1.0, shifted.KsRate);
        Assert.True(shifted.MedianMmdPValue < clean.MedianMmdPValue);
    }
}
