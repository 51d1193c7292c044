using TransferGuide.Adaptation;

namespace TransferGuide.Tests.Adaptation;

public class AdaptationMethodsTests
{
    [Theory]
    [InlineData("all", "none,coral,dann")]
    [InlineData("dann", "dann")]
    [InlineData("DANN, none", "none,dann")]
    [InlineData("coral,coral,none", "none,coral")]
    public void Names_lists_and_all_are_read(string text, string expected) =>
        Assert.Equal(expected, string.Join(',', AdaptationMethods.Parse(text).Select(AdaptationMethods.Name)));

    [Theory]
    [InlineData("mmd")]
    [InlineData("none,dan")]
    [InlineData(" ")]
    public void Unknown_names_are_refused_with_the_valid_ones(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => AdaptationMethods.Parse(text));
        Assert.Contains("none, coral, dann", e.Message);
    }
}
