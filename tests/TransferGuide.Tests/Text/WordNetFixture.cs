using System.Text;

namespace TransferGuide.Tests.Text;

/// <summary>
/// Writes a tiny WordNet database in WordNet 3.0's file format (index.POS, data.POS with real byte offsets,
/// POS.exc), so that the WordNet reader and the text augmenters are tested without the wordnet-base package.
/// </summary>
public static class WordNetFixture
{
    /// <summary>WordNet's file suffix for each part of speech, with its one-letter code in the files.</summary>
    static readonly (string Pos, char Code)[] PartsOfSpeech = [("noun", 'n'), ("verb", 'v'), ("adj", 'a'), ("adv", 'r')];

    /// <summary>Nouns only: each synset is a list of lemmas (underscores for spaces); noun.exc maps mice to mouse.</summary>
    public static string Write(TempDir dir, params string[][] synsets) =>
        Write(dir.Combine("wordnet"), new Dictionary<string, string[][]> { ["noun"] = synsets },
            new Dictionary<string, string[]> { ["noun"] = ["mice mouse"] });

    /// <summary>
    /// Writes <paramref name="synsets"/> (by part of speech: noun, verb, adj, adv) and the morphy exception lines
    /// (<c>inflected base</c>) into <paramref name="folder"/>, and returns it.
    /// </summary>
    public static string Write(string folder, IReadOnlyDictionary<string, string[][]> synsets, IReadOnlyDictionary<string, string[]>? exceptions = null)
    {
        Directory.CreateDirectory(folder);
        foreach (var (pos, code) in PartsOfSpeech)
        {
            if (exceptions != null && exceptions.TryGetValue(pos, out var lines))
                File.WriteAllText(Path.Combine(folder, pos + ".exc"), string.Concat(lines.Order(StringComparer.Ordinal).Select(l => l + "\n")));
            if (!synsets.TryGetValue(pos, out var sets)) continue;
            var data = new StringBuilder("  1 This is a test fixture, not WordNet itself.  \n");
            var offsetsOf = new SortedDictionary<string, List<long>>(StringComparer.Ordinal);
            foreach (var lemmas in sets)
            {
                long offset = Encoding.UTF8.GetByteCount(data.ToString());
                data.Append($"{offset:D8} 03 {code} {lemmas.Length:x2} ");
                foreach (var l in lemmas) data.Append(l).Append(" 0 ");
                data.Append(code == 'v' ? "000 01 + 02 00 | a test synset  \n" : "000 | a test synset  \n");
                foreach (var l in lemmas)
                {
                    var key = l.ToLowerInvariant();
                    if (!offsetsOf.TryGetValue(key, out var list)) offsetsOf[key] = list = [];
                    list.Add(offset);
                }
            }
            File.WriteAllText(Path.Combine(folder, "data." + pos), data.ToString());
            var index = new StringBuilder("  1 This is a test fixture.  \n");
            foreach (var (lemma, offsets) in offsetsOf)
                index.Append($"{lemma} {code} {offsets.Count} 0 {offsets.Count} 0 {string.Join(' ', offsets.Select(o => o.ToString("D8")))}  \n");
            File.WriteAllText(Path.Combine(folder, "index." + pos), index.ToString());
        }
        return folder;
    }

    /// <summary>
    /// A small everyday-English WordNet (about fifty synsets over all four parts of speech, plus exceptions such
    /// as went → go), written into <paramref name="folder"/>. It covers the common content words of sst2's
    /// first training sentences, so synonym replacement and insertion have something to do there.
    /// </summary>
    public static string WriteEveryday(string folder) => Write(folder, EverydaySynsets, EverydayExceptions);

    /// <summary>The everyday fixture, written to a scratch folder and loaded once per test run.</summary>
    public static WordNet Everyday => SharedEveryday.Value;

    static readonly Lazy<WordNet> SharedEveryday = new(() =>
    {
        using var dir = new TempDir();
        return WordNet.Load(WriteEveryday(dir.Combine("wordnet"))); // read into memory, so the folder can go
    });

    static readonly Dictionary<string, string[]> EverydayExceptions = new()
    {
        ["noun"] = ["mice mouse"],
        ["verb"] = ["came come", "made make", "went go"],
        ["adj"] = ["best good", "better good", "bigger big"],
    };

    static readonly Dictionary<string, string[][]> EverydaySynsets = new()
    {
        ["noun"] =
        [
            ["film", "movie", "picture", "moving_picture", "motion_picture", "flick"],
            ["film", "photographic_film"],
            ["story", "tale", "narrative"],
            ["character", "role", "part", "persona"],
            ["performance", "execution", "carrying_out"],
            ["humor", "humour", "wit", "witticism"],
            ["drama", "play", "dramatic_play"],
            ["time", "period", "period_of_time"],
            ["way", "manner", "mode", "style", "fashion"],
            ["year", "twelvemonth", "yr"],
            ["work", "employment"],
            ["work", "oeuvre", "body_of_work"],
            ["love", "passion"],
            ["comedy", "funniness"],
            ["fun", "merriment", "playfulness"],
            ["heart", "spirit"],
            ["life", "living"],
            ["girl", "miss", "missy", "young_lady", "fille"],
            ["director", "filmmaker", "film_maker", "moviemaker"],
            ["charm", "appeal", "appealingness"],
            ["thriller", "suspense", "suspense_story"],
            ["light", "visible_light"],
            ["core", "heart", "nub", "kernel", "essence"],
            ["vision", "sight"],
            ["doctor", "doc", "physician", "medico"],
            ["mouse", "computer_mouse"],
        ],
        ["verb"] =
        [
            ["go", "travel", "move", "locomote"],
            ["make", "create"],
            ["love", "enjoy"],
            ["feel", "experience"],
            ["take", "occupy", "use_up"],
            ["come", "arrive", "get"],
            ["believe", "trust"],
            ["see", "understand", "realize", "realise"],
            ["look", "appear", "seem"],
            ["work", "function", "operate", "run"],
        ],
        ["adj"] =
        [
            ["good", "beneficial"],
            ["good", "estimable", "honorable", "respectable"],
            ["great", "outstanding"],
            ["little", "small"],
            ["funny", "amusing", "comic", "comical", "laughable", "risible"],
            ["fascinating", "absorbing", "engrossing", "gripping", "riveting"],
            ["terrific", "fantastic", "marvelous", "marvellous", "tremendous", "wonderful", "wondrous"],
            ["young", "immature"],
            ["new", "fresh", "novel"],
            ["solid", "substantial"],
            ["strange", "unusual"],
            ["enjoyable", "gratifying", "pleasurable"],
            ["creative", "originative"],
            ["big", "large"],
            ["first", "1st"],
            ["brave", "courageous"],
            ["moving", "touching", "poignant"],
        ],
        ["adv"] =
        [
            ["truly", "genuinely", "really"],
            ["probably", "likely", "belike"],
            ["often", "frequently", "oftentimes", "oft"],
            ["always", "ever"],
            ["even", "still", "yet"],
            ["also", "besides", "likewise", "as_well"],
            ["much", "a_lot", "lots", "very_much"],
        ],
    };
}
