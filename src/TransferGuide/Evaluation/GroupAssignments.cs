namespace TransferGuide.Evaluation;

/// <summary>Thrown when a group file cannot be used; the message names the file, the line and the fix.</summary>
public sealed class GroupFileException(string message) : Exception(message);

/// <summary>
/// Which group each item belongs to (for per-group metrics), read from a CSV of <c>item,group</c>. An item is
/// a path: absolute, relative to the dataset root, or a bare file name when that name is unique.
/// </summary>
public sealed class GroupAssignments
{
    readonly Dictionary<string, string> _byKey;

    /// <summary>The file it came from (or "(in memory)").</summary>
    public string Source { get; }

    /// <summary>Rows read, as written.</summary>
    public IReadOnlyList<(string Item, string Group)> Rows { get; }

    GroupAssignments(string source, List<(string, string)> rows)
    {
        Source = source;
        Rows = rows;
        _byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, group) in rows) _byKey[Normalise(item)] = group;
    }

    /// <summary>Assignments from pairs (for notebooks and tests).</summary>
    public static GroupAssignments FromPairs(IEnumerable<(string Item, string Group)> pairs) => new("(in memory)", pairs.ToList());

    /// <summary>Reads <paramref name="path"/>: one <c>item,group</c> per line; an optional header <c>item,group</c>; quoted fields allowed.</summary>
    /// <exception cref="GroupFileException">Missing file, a line without two fields, an empty group, or an item listed twice with different groups.</exception>
    public static GroupAssignments Load(string path)
    {
        if (!File.Exists(path))
            throw new GroupFileException($"Group file {Path.GetFullPath(path)} does not exist. Write a CSV with one 'item,group' line per image.");
        var rows = new List<(string, string)>();
        var seen = new Dictionary<string, (string Group, int Line)>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var fields = SplitCsv(line);
            if (lineNo == 1 && fields.Count >= 2 && fields[0].Trim().Equals("item", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Count != 2 || fields[0].Trim().Length == 0)
                throw new GroupFileException($"{path}, line {lineNo}: expected two fields 'item,group' but found {fields.Count}: \"{line}\". Quote fields that contain commas.");
            var (item, group) = (fields[0].Trim(), fields[1].Trim());
            if (group.Length == 0)
                throw new GroupFileException($"{path}, line {lineNo}: {item} has an empty group. Give every item a group name.");
            var key = Normalise(item);
            if (seen.TryGetValue(key, out var earlier) && earlier.Group != group)
                throw new GroupFileException($"{path}, line {lineNo}: {item} is in group '{group}' but line {earlier.Line} put it in '{earlier.Group}'. List each item once.");
            seen[key] = (group, lineNo);
            rows.Add((item, group));
        }
        if (rows.Count == 0) throw new GroupFileException($"{path} lists no items. Write one 'item,group' line per image.");
        return new GroupAssignments(path, rows);
    }

    /// <summary>
    /// The group of each path in <paramref name="paths"/> (null where none is given), and the listed items that
    /// matched no path.
    /// </summary>
    public (string?[] Groups, IReadOnlyList<string> Unmatched) Assign(IReadOnlyList<string> paths, string? root = null)
    {
        var groups = new string?[paths.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        // A bare file name can stand for an item only when no two items share it.
        var nameCounts = paths.GroupBy(p => Path.GetFileName(p), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        for (int i = 0; i < paths.Count; i++)
        {
            var full = Normalise(paths[i]);
            var candidates = new List<string> { full };
            if (root != null) candidates.Add(Normalise(Path.GetRelativePath(root, paths[i])));
            var name = Path.GetFileName(paths[i]);
            if (nameCounts[name] == 1) candidates.Add(name);
            foreach (var key in candidates)
                if (_byKey.TryGetValue(key, out var g)) { groups[i] = g; used.Add(key); break; }
        }
        var unmatched = Rows.Select(r => r.Item).Where(item => !used.Contains(Normalise(item))).ToList();
        return (groups, unmatched);
    }

    static string Normalise(string item)
    {
        var s = item.Replace('\\', '/');
        while (s.StartsWith("./", StringComparison.Ordinal)) s = s[2..];
        return s;
    }

    static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
