namespace TransferGuide.Data.Text;

/// <summary>A text dataset file that cannot be read as it is; the message names the file, the line and the fix.</summary>
public sealed class TextFormatException(string message) : FormatException(message);
