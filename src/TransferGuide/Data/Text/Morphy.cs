namespace TransferGuide.Data.Text;

/// <summary>
/// WordNet's <c>morphy</c>: a word's base forms, from the exception lists (<c>POS.exc</c>) and the
/// standard suffix rules, keeping only forms the index knows.
/// </summary>
sealed class Morphy
{
    static readonly Dictionary<string, (string Suffix, string Ending)[]> Rules = new()
    {
        ["noun"] = [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")],
        ["verb"] = [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
        ["adj"] = [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        ["adv"] = [],
    };

    readonly Dictionary<string, Dictionary<string, string[]>> _exceptions;

    Morphy(Dictionary<string, Dictionary<string, string[]>> exceptions) => _exceptions = exceptions;

    public static Morphy Load(string folder)
    {
        var all = new Dictionary<string, Dictionary<string, string[]>>();
        foreach (var pos in Rules.Keys)
        {
            var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var path = Path.Combine(folder, pos + ".exc");
            if (File.Exists(path))
                foreach (var line in File.ReadLines(path))
                {
                    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f.Length >= 2) map[f[0]] = f[1..];
                }
            all[pos] = map;
        }
        return new Morphy(all);
    }

    /// <summary>Base forms of <paramref name="word"/> as <paramref name="pos"/> that <paramref name="known"/> accepts, the word itself first.</summary>
    public IEnumerable<string> BaseForms(string word, string pos, Func<string, bool> known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (known(word) && seen.Add(word)) yield return word;
        if (_exceptions.TryGetValue(pos, out var exc) && exc.TryGetValue(word, out var forms))
            foreach (var f in forms)
                if (known(f) && seen.Add(f)) yield return f;
        foreach (var (suffix, ending) in Rules[pos])
            if (word.Length > suffix.Length && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var form = word[..^suffix.Length] + ending;
                if (known(form) && seen.Add(form)) yield return form;
            }
    }
}
