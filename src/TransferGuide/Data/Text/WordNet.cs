using System.Text;

namespace TransferGuide.Data.Text;

/// <summary>Thrown when WordNet's database files are not installed; the message says which package to install.</summary>
public sealed class WordNetNotFoundException(string message) : Exception(message);

/// <summary>
/// Princeton WordNet 3.0, read straight from its database files (<c>index.POS</c>, <c>data.POS</c> and
/// <c>POS.exc</c>), as the Debian package <c>wordnet-base</c> installs them in /usr/share/wordnet.
/// <see cref="Synonyms"/> gives the other lemmas of every synset a word belongs to, after reducing it to
/// its base form the way WordNet's own <c>morphy</c> does (films → film, went → go).
/// </summary>
public sealed class WordNet
{
    /// <summary>Where Debian and Ubuntu install the database.</summary>
    public const string DebianFolder = "/usr/share/wordnet";

    /// <summary>WordNet's own variable naming the folder of the database files.</summary>
    public const string SearchDirVariable = "WNSEARCHDIR";

    /// <summary>The parts of speech, as WordNet's file suffixes.</summary>
    static readonly string[] PartsOfSpeech = ["noun", "verb", "adj", "adv"];

    static readonly Lazy<WordNet> Shared = new(() => Load());

    readonly Dictionary<string, Dictionary<string, long[]>> _index = [];
    readonly Dictionary<string, byte[]> _data = [];
    readonly Dictionary<string, string> _dataPaths = [];
    readonly Morphy _morphy;

    /// <summary>The folder the database was read from.</summary>
    public string Folder { get; }

    WordNet(string folder, Morphy morphy) { Folder = folder; _morphy = morphy; }

    /// <summary>The database in the default place, loaded once per process.</summary>
    public static WordNet Default => Shared.Value;

    /// <summary>
    /// The folders searched, in order: <paramref name="folder"/> if given, <c>$WNSEARCHDIR</c>, then
    /// /usr/share/wordnet.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string? folder = null)
    {
        var list = new List<string>();
        if (!string.IsNullOrWhiteSpace(folder)) list.Add(Path.GetFullPath(folder));
        else
        {
            if (Environment.GetEnvironmentVariable(SearchDirVariable) is { Length: > 0 } env) list.Add(Path.GetFullPath(env));
            list.Add(DebianFolder);
        }
        return list;
    }

    /// <summary>Loads the database from the first candidate folder that holds it.</summary>
    /// <exception cref="WordNetNotFoundException">No folder holds index.noun and data.noun.</exception>
    public static WordNet Load(string? folder = null)
    {
        var candidates = Candidates(folder);
        var found = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "index.noun")) && File.Exists(Path.Combine(d, "data.noun")));
        if (found == null)
            throw new WordNetNotFoundException(
                "WordNet's database (index.noun, data.noun, ...) was not found. Looked in:\n" +
                string.Join("\n", candidates.Select(c => $"  - {c}")) +
                "\nSynonym augmentation needs it. Install the Debian package wordnet-base " +
                "(apt-get install wordnet-base, with sudo if you are not root), or set " + SearchDirVariable +
                " to a folder holding WordNet 3.0's dict files.");

        var wordNet = new WordNet(found, Morphy.Load(found));
        foreach (var pos in PartsOfSpeech)
        {
            string indexPath = Path.Combine(found, "index." + pos), dataPath = Path.Combine(found, "data." + pos);
            if (!File.Exists(indexPath) || !File.Exists(dataPath)) continue;
            wordNet._index[pos] = ReadIndex(indexPath);
            // Synset offsets are byte offsets into data.POS, so the file is kept as bytes and read in place.
            wordNet._data[pos] = File.ReadAllBytes(dataPath);
            wordNet._dataPaths[pos] = dataPath;
        }
        return wordNet;
    }

    /// <summary>
    /// Synonyms of <paramref name="word"/> over all parts of speech, most common senses first, without the
    /// word itself. Multi-word lemmas have spaces (ice cream); leave them out with <paramref name="singleWordsOnly"/>.
    /// </summary>
    public IReadOnlyList<string> Synonyms(string word, bool singleWordsOnly = false)
    {
        var key = word.Trim().ToLowerInvariant().Replace(' ', '_');
        var result = new List<string>();
        if (key.Length == 0) return result;
        var seen = new HashSet<string>(StringComparer.Ordinal) { key.Replace('_', ' ') };
        foreach (var (pos, index) in _index)
            foreach (var lemma in _morphy.BaseForms(key, pos, index.ContainsKey))
            {
                seen.Add(lemma.Replace('_', ' '));
                foreach (var offset in index[lemma])
                    foreach (var synonym in SynsetWords(pos, offset))
                        if ((!singleWordsOnly || !synonym.Contains(' ')) && seen.Add(synonym))
                            result.Add(synonym);
            }
        return result;
    }

    /// <summary>Whether WordNet knows <paramref name="word"/> (in any part of speech, after morphy).</summary>
    public bool Contains(string word)
    {
        var key = word.Trim().ToLowerInvariant().Replace(' ', '_');
        return _index.Any(p => _morphy.BaseForms(key, p.Key, p.Value.ContainsKey).Any());
    }

    IEnumerable<string> SynsetWords(string pos, long offset)
    {
        var data = _data[pos];
        if (offset < 0 || offset >= data.Length)
            throw new InvalidDataException($"{_dataPaths[pos]}: synset offset {offset} is past the end of the file. The WordNet files do not match; reinstall wordnet-base.");
        int end = Array.IndexOf(data, (byte)'\n', (int)offset);
        var line = Encoding.UTF8.GetString(data, (int)offset, (end < 0 ? data.Length : end) - (int)offset);
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // offset lex_filenum ss_type w_cnt(hex) word lex_id(hex) [word lex_id ...] ...
        if (fields.Length < 4 || !long.TryParse(fields[0], out var at) || at != offset)
            throw new InvalidDataException($"{_dataPaths[pos]}: no synset starts at byte {offset}. The WordNet files do not match; reinstall wordnet-base.");
        int count = Convert.ToInt32(fields[3], 16);
        for (int i = 0; i < count && 4 + 2 * i < fields.Length; i++)
        {
            var w = fields[4 + 2 * i];
            // Adjectives may carry a syntactic marker such as (a), (p) or (ip).
            int paren = w.IndexOf('(');
            if (paren > 0) w = w[..paren];
            yield return w.Replace('_', ' ').ToLowerInvariant();
        }
    }

    static Dictionary<string, long[]> ReadIndex(string path)
    {
        var index = new Dictionary<string, long[]>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith(' ') || line.Length == 0) continue; // licence header
            // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 6 || !int.TryParse(f[2], out int synsets) || !int.TryParse(f[3], out int pointers) || f.Length < 6 + pointers + synsets)
                throw new InvalidDataException($"{path}, line {lineNumber}: not a WordNet index line. Reinstall wordnet-base.");
            var offsets = new long[synsets];
            for (int i = 0; i < synsets; i++) offsets[i] = long.Parse(f[6 + pointers + i]);
            index[f[0]] = offsets;
        }
        return index;
    }
}
