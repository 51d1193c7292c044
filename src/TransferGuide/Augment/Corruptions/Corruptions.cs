using TransferGuide.Data;

namespace TransferGuide.Augment.Corruptions;

/// <summary>
/// ImageNet-C-style corruptions (Hendrycks and Dietterich 2019, "Benchmarking neural network robustness to common
/// corruptions and perturbations"): a shifted domain made on demand from a clean one. Each corruption has severities
/// 1 (mild) to 5 (strong) with the paper's own parameters, and is an <see cref="IImageTransform"/> that draws only
/// from the <see cref="Random"/> it is given, so a corrupted copy is the same on every run for one seed.
/// ImageNet-C works on 224x224 images; lengths (a blur's sigma, the fog's texture) are scaled to the shorter side
/// of each image, so a corruption looks alike once the image is resized for the model.
/// </summary>
public static class Corruptions
{
    /// <summary>The mildest severity.</summary>
    public const int MinSeverity = 1;

    /// <summary>The strongest severity.</summary>
    public const int MaxSeverity = 5;

    /// <summary>The image side ImageNet-C's parameters are for.</summary>
    public const int ReferenceSide = 224;

    /// <summary>The corruptions <see cref="Create"/> knows, by name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gaussian_noise", "gaussian_blur", "fog", "contrast", "jpeg", "pixelate"];

    /// <summary>
    /// The corruption <paramref name="name"/> (one of <see cref="Names"/>, in any case, '-' or '_') at
    /// <paramref name="severity"/> (<see cref="MinSeverity"/> to <see cref="MaxSeverity"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/> (the message lists them).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1 to 5.</exception>
    public static IImageTransform Create(string name, int severity)
    {
        return Canonical(name) switch
        {
            "gaussian_noise" => new GaussianNoise(severity),
            "gaussian_blur" => new GaussianBlur(severity),
            "fog" => new Fog(severity),
            "contrast" => new Contrast(severity),
            "jpeg" => new JpegCompression(severity),
            "pixelate" => new Pixelate(severity),
            _ => throw new ArgumentException($"Unknown corruption '{name}'. Valid corruptions: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary><paramref name="name"/> as <see cref="Names"/> spells it: trimmed, lower case, '-' as '_'.</summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().Replace('-', '_').ToLowerInvariant();
    }

    /// <summary>The severity, checked: 1 to 5, or an error that names the corruption and the range.</summary>
    internal static int CheckSeverity(int severity, string corruption) =>
        severity is >= MinSeverity and <= MaxSeverity ? severity
            : throw new ArgumentOutOfRangeException(nameof(severity), severity,
                $"Severity of {corruption} must be {MinSeverity} to {MaxSeverity} (ImageNet-C's five levels); got {severity}.");
}
