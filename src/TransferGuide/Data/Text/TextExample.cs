namespace TransferGuide.Data.Text;

/// <summary>One labelled piece of text, and where it came from so that errors and reports can point at it.</summary>
/// <param name="Text">The text, as read (sst2 is already tokenised; sms_spam is raw).</param>
/// <param name="Label">Index into the dataset's class list.</param>
/// <param name="Split">"train", "dev", "test" or "all".</param>
/// <param name="Source">The file it was read from (empty for text made in code).</param>
/// <param name="Line">Its 1-based line in <paramref name="Source"/> (0 for text made in code).</param>
public sealed record TextExample(string Text, int Label, string Split, string Source = "", int Line = 0)
{
    /// <summary>A stable id, <c>file:line</c>, unique within a dataset.</summary>
    public string Id => $"{Source}:{Line}";
}
