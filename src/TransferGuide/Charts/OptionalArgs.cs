namespace TransferGuide.Charts;

/// <summary>Plotly.NET.CSharp's optional arguments cannot be converted from interface types implicitly.</summary>
static class Opt
{
    /// <summary>A present optional sequence.</summary>
    public static Plotly.NET.CSharp.Optional<IEnumerable<T>> Seq<T>(IEnumerable<T> values) => new(values, true);
}
