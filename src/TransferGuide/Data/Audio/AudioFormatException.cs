namespace TransferGuide.Data.Audio;

/// <summary>An audio file that cannot be read; the message names the file, what is wrong and the fix.</summary>
public sealed class AudioFormatException(string path, string problem)
    : FormatException($"{path}: {problem}")
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; } = problem;
}
