using System.Text;

namespace TransferGuide.Tests.Text;

/// <summary>Writes a tiny WordNet database (index.noun, data.noun, noun.exc) with real byte offsets.</summary>
public static class WordNetFixture
{
    /// <summary>Each synset is a list of lemmas (underscores for spaces).</summary>
    public static string Write(TempDir dir, params string[][] synsets)
    {
        var folder = dir.Combine("wordnet");
        Directory.CreateDirectory(folder);
        var data = new StringBuilder("  1 This is a test fixture, not WordNet itself.  \n");
        var offsetsOf = new SortedDictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var lemmas in synsets)
        {
            long offset = Encoding.UTF8.GetByteCount(data.ToString());
            data.Append($"{offset:D8} 03 n {lemmas.Length:x2} ");
            foreach (var l in lemmas) data.Append(l).Append(" 0 ");
            data.Append("000 | a test synset  \n");
            foreach (var l in lemmas)
            {
                if (!offsetsOf.TryGetValue(l, out var list)) offsetsOf[l] = list = [];
                list.Add(offset);
            }
        }
        File.WriteAllText(Path.Combine(folder, "data.noun"), data.ToString());
        var index = new StringBuilder("  1 This is a test fixture.  \n");
        foreach (var (lemma, offsets) in offsetsOf)
            index.Append($"{lemma} n {offsets.Count} 0 {offsets.Count} 0 {string.Join(' ', offsets.Select(o => o.ToString("D8")))}  \n");
        File.WriteAllText(Path.Combine(folder, "index.noun"), index.ToString());
        File.WriteAllText(Path.Combine(folder, "noun.exc"), "mice mouse\n");
        return folder;
    }
}
