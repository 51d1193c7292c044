using System.Text.RegularExpressions;

namespace TransferGuide.Data.Audio;

/// <summary>One fold of a leave-one-speaker-out evaluation: train on every other speaker, test on this one.</summary>
/// <param name="Speaker">The held-out speaker.</param>
/// <param name="Train">Clips of the other speakers (from every split).</param>
/// <param name="Test">Clips of <paramref name="Speaker"/> (from every split).</param>
public sealed record SpeakerFold(string Speaker, IReadOnlyList<DataItem> Train, IReadOnlyList<DataItem> Test);

/// <summary>
/// Who speaks in each clip, read from the file name, and the leave-one-speaker-out folds built on it. fsdd's test
/// split holds other recordings of the same six speakers, so its accuracy says little about a new voice; a fold
/// tests on a speaker the network never heard, the domain shift a deployed model meets.
/// </summary>
public static partial class SpeakerGroups
{
    /// <summary>
    /// The speaker of a clip named <c>&lt;label&gt;_&lt;speaker&gt;_&lt;index&gt;.wav</c> (fsdd's naming); null when the name
    /// does not say.
    /// </summary>
    public static string? SpeakerOf(string path)
    {
        var m = FsddName().Match(Path.GetFileNameWithoutExtension(path));
        return m.Success ? m.Groups["speaker"].Value : null;
    }

    /// <summary>Every speaker of <paramref name="items"/>, sorted.</summary>
    /// <exception cref="ArgumentException">A clip's name does not say who speaks (named, with the naming expected).</exception>
    public static IReadOnlyList<string> Speakers(IReadOnlyList<DataItem> items) =>
        items.Select(i => Require(i.Path)).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The fold that holds out <paramref name="speaker"/>; clips of all splits are pooled first.</summary>
    /// <exception cref="ArgumentException">The speaker does not occur (the known ones are listed), or a clip's name says no speaker.</exception>
    public static SpeakerFold HoldOut(IReadOnlyList<DataItem> items, string speaker)
    {
        var speakers = Speakers(items);
        if (!speakers.Contains(speaker))
            throw new ArgumentException($"No clip of speaker '{speaker}'. The speakers are: {string.Join(", ", speakers)}.", nameof(speaker));
        var train = items.Where(i => Require(i.Path) != speaker).Select(i => i with { Split = "train" }).ToList();
        var test = items.Where(i => Require(i.Path) == speaker).Select(i => i with { Split = "test" }).ToList();
        return new SpeakerFold(speaker, train, test);
    }

    /// <summary>One fold per speaker, in speaker order.</summary>
    public static IReadOnlyList<SpeakerFold> LeaveOneOut(IReadOnlyList<DataItem> items) =>
        Speakers(items).Select(s => HoldOut(items, s)).ToList();

    static string Require(string path) => SpeakerOf(path) ?? throw new ArgumentException(
        $"{path}: the file name does not say who speaks. Name clips <label>_<speaker>_<index>.wav (as fsdd does) to evaluate by speaker.");

    [GeneratedRegex(@"^(?<label>[^_]+)_(?<speaker>[^_]+)_(?<index>\d+)$")]
    private static partial Regex FsddName();
}
