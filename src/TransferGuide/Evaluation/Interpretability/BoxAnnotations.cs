using System.Globalization;

namespace TransferGuide.Evaluation.Interpretability;

/// <summary>A hand-drawn box around the object in one image.</summary>
/// <param name="Path">Image path as written in the file (relative to the dataset root, or absolute).</param>
/// <param name="Box">The box, in the original image's pixels.</param>
public sealed record BoxAnnotation(string Path, Box Box);

/// <summary>
/// Reads box annotations from a TSV: <c>path, left, top, right, bottom</c> per line (original pixel
/// coordinates); a header line starting with "path" and lines starting with '#' are skipped.
/// </summary>
public static class BoxAnnotations
{
    /// <summary>
    /// The boxes shipped with the kit for a catalog dataset (e.g. 12 hand-boxed hymenoptera_data val images),
    /// or null when there are none.
    /// </summary>
    public static IReadOnlyList<BoxAnnotation>? Bundled(string dataset)
    {
        var name = $"TransferGuide.annotations.{dataset}_val_boxes.tsv";
        using var stream = typeof(BoxAnnotations).Assembly.GetManifestResourceStream(name);
        if (stream == null) return null;
        var temp = System.IO.Path.GetTempFileName();
        try
        {
            using (var file = File.Create(temp)) stream.CopyTo(file);
            return Load(temp);
        }
        finally { File.Delete(temp); }
    }

    /// <summary>Reads <paramref name="file"/>.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the file, the line and the fix.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<BoxAnnotation> Load(string file)
    {
        if (!File.Exists(file))
            throw new FileNotFoundException($"Box file {System.IO.Path.GetFullPath(file)} does not exist. Write a TSV with 'path<TAB>left<TAB>top<TAB>right<TAB>bottom' per image.", file);
        var list = new List<BoxAnnotation>();
        int n = 0;
        foreach (var line in File.ReadLines(file))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#') || line.StartsWith("path\t", StringComparison.OrdinalIgnoreCase)) continue;
            var f = line.Split('\t');
            var numbers = new double[4];
            if (f.Length != 5 || !Enumerable.Range(0, 4).All(i => double.TryParse(f[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])))
                throw new FormatException($"{file}, line {n}: expected 'path<TAB>left<TAB>top<TAB>right<TAB>bottom' with numbers, got \"{line}\".");
            var box = new Box(numbers[0], numbers[1], numbers[2], numbers[3]);
            if (box.Right <= box.Left || box.Bottom <= box.Top || box.Left < 0 || box.Top < 0)
                throw new FormatException($"{file}, line {n}: the box {box.Left},{box.Top},{box.Right},{box.Bottom} is empty or negative; right must exceed left and bottom exceed top.");
            list.Add(new BoxAnnotation(f[0].Trim(), box));
        }
        if (list.Count == 0) throw new FormatException($"{file} holds no boxes.");
        return list;
    }
}
