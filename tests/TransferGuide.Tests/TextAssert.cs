namespace TransferGuide.Tests;

/// <summary>Assertions on produced text (pages, logs, plans).</summary>
public static class TextAssert
{
    /// <summary>Every part occurs in <paramref name="text"/>; a failure names the part that is missing.</summary>
    public static void ContainsAll(string text, params string[] parts) => Assert.All(parts, part => Assert.Contains(part, text));
}
