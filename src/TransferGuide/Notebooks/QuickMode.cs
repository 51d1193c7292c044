namespace TransferGuide.Notebooks;

/// <summary>
/// Quick mode: the short version of every notebook that CI runs (and a student may choose on a slow
/// laptop). Set <c>TRANSFERGUIDE_QUICK=1</c>; notebooks then use fewer images, smaller inputs and fewer epochs.
/// The full mode is what the narrative's numbers come from.
/// </summary>
/// <param name="Enabled">Whether quick mode is on.</param>
/// <param name="ImagesPerClass">Images kept per class and split when on.</param>
/// <param name="ImageSize">Input side in pixels when on (the full mode keeps the model's 224).</param>
public sealed record QuickMode(bool Enabled, int ImagesPerClass = 16, int ImageSize = 112)
{
    /// <summary>The environment variable that turns quick mode on ("1", "true", "yes" or "on").</summary>
    public const string Variable = "TRANSFERGUIDE_QUICK";

    /// <summary>Reads <see cref="Variable"/> from the environment.</summary>
    public static QuickMode FromEnvironment() => new(IsOn(Environment.GetEnvironmentVariable(Variable)));

    /// <summary>Whether a variable's value means "on".</summary>
    public static bool IsOn(string? value) =>
        value?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";

    /// <summary><paramref name="full"/> normally, <paramref name="quick"/> in quick mode.</summary>
    public T Pick<T>(T full, T quick) => Enabled ? quick : full;

    /// <inheritdoc />
    public override string ToString() => Enabled ? $"quick ({ImagesPerClass} images per class and split, {ImageSize} px)" : "full";
}
