using System.Text;

namespace TransferGuide.Data.Text;

/// <summary>
/// Reads the <c>LABEL&lt;TAB&gt;TEXT</c> format of sst2 and sms_spam: one example per line, the label
/// before the first TAB, the text after it. Blank lines are ignored; every other line must parse.
/// </summary>
public static class LabelTabText
{
    // Strict UTF-8: a file in another encoding fails with its name rather than turning into mojibake.
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads every example of <paramref name="path"/>. <paramref name="classes"/> lists the allowed label
    /// values; an example's <see cref="TextExample.Label"/> is the index of its label there.
    /// </summary>
    /// <exception cref="TextFormatException">A line without a TAB, an unknown label, empty text, or bytes that are not UTF-8.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<TextExample> Read(string path, IReadOnlyList<string> classes, string split)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Text file {path} does not exist. Check the dataset folder, or pass the folder that holds it.", path);
        string content;
        var bytes = File.ReadAllBytes(path);
        int bom = bytes.AsSpan().StartsWith(StrictUtf8.Preamble) ? 3 : 0; // a byte-order mark is not part of the first label
        try { content = StrictUtf8.GetString(bytes, bom, bytes.Length - bom); }
        catch (DecoderFallbackException e)
        {
            throw new TextFormatException($"{path}, line {FirstBadLine(bytes)}: not UTF-8 text ({e.Message}). Re-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8).");
        }
        return Parse(content, path, classes, split);
    }

    /// <summary>The 1-based line holding the first bytes that are not UTF-8.</summary>
    static int FirstBadLine(byte[] bytes)
    {
        int line = 1, start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
            try { StrictUtf8.GetString(bytes, start, i - start); }
            catch (DecoderFallbackException) { return line; }
            line++; start = i + 1;
        }
        return line;
    }

    /// <summary>Parses text already in memory; <paramref name="origin"/> names it in errors.</summary>
    public static IReadOnlyList<TextExample> Parse(string content, string origin, IReadOnlyList<string> classes, string split)
    {
        var labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < classes.Count; i++) labelIndex[classes[i]] = i;
        var examples = new List<TextExample>();
        int lineNumber = 0;
        using var reader = new StringReader(content);
        for (var line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            int tab = line.IndexOf('\t');
            if (tab < 0)
                throw new TextFormatException(
                    $"{origin}, line {lineNumber}: no TAB between label and text (\"{Shorten(line)}\"). " +
                    "Each line must be LABEL<TAB>TEXT; fix or remove that line.");
            var label = line[..tab].Trim();
            var text = line[(tab + 1)..].Trim();
            if (!labelIndex.TryGetValue(label, out int index))
                throw new TextFormatException(
                    $"{origin}, line {lineNumber}: label '{Shorten(label)}' is not one of {string.Join(", ", classes)}. " +
                    "Fix the label, or list it among the dataset's classes.");
            if (text.Length == 0)
                throw new TextFormatException($"{origin}, line {lineNumber}: label '{label}' has no text after the TAB. Add the text or remove the line.");
            examples.Add(new TextExample(text, index, split, origin, lineNumber));
        }
        return examples;
    }

    static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
