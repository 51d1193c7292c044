using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TransferGuide.Notebooks;

/// <summary>What a cell is to the grader.</summary>
public enum CellRole
{
    /// <summary>Narrative.</summary>
    Markdown,

    /// <summary>Code the student may change freely (setup, demonstrations).</summary>
    Code,

    /// <summary>A cell with an exercise's solution region: the student's to write.</summary>
    Exercise,

    /// <summary>A check cell: graded, and tampering when changed.</summary>
    Test,
}

/// <summary>One cell of a released notebook, as the manifest records it.</summary>
/// <param name="Id">The notebook cell id (e.g. <c>week09-07</c>).</param>
/// <param name="Role">What it is to the grader.</param>
/// <param name="Sha256">SHA-256 of the released source text (see <see cref="ReleaseManifest.Checksum"/>).</param>
public sealed record ManifestCell(string Id, CellRole Role, string Sha256);

/// <summary>One graded exercise.</summary>
/// <param name="Id">Its id, e.g. <c>w09.schedule</c>.</param>
/// <param name="Points">What it is worth.</param>
/// <param name="Cell">The id of the cell the student writes in.</param>
/// <param name="TestCell">The id of its check cell.</param>
/// <param name="HiddenTests">Whether grading adds tests the release does not show.</param>
/// <param name="Instructions">The one-line instructions from its marker.</param>
public sealed record ManifestExercise(string Id, int Points, string Cell, string TestCell, bool HiddenTests, string Instructions);

/// <summary>One released notebook.</summary>
/// <param name="Week">The week id, e.g. <c>week09</c>.</param>
/// <param name="File">The notebook, relative to the release folder (e.g. <c>month3/week09-lr-schedules.ipynb</c>).</param>
/// <param name="Source">Its week source, relative to the course folder.</param>
/// <param name="Cells">Every cell, in order.</param>
/// <param name="Exercises">Its exercises, in order.</param>
public sealed record ManifestNotebook(string Week, string File, string Source, IReadOnlyList<ManifestCell> Cells, IReadOnlyList<ManifestExercise> Exercises);

/// <summary>
/// <c>manifest.json</c> of a student release (<c>tg assign</c>): the exercise ids, their points and the checksum of
/// every released cell, which <c>tg grade</c> checks submissions against.
/// </summary>
/// <param name="Version">The format version.</param>
/// <param name="Created">When the release was written (UTC).</param>
/// <param name="Course">The course folder the sources came from (absolute).</param>
/// <param name="Notebooks">The released notebooks.</param>
public sealed record ReleaseManifest(int Version, DateTime Created, string Course, IReadOnlyList<ManifestNotebook> Notebooks)
{
    /// <summary>The current format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The manifest's file name in a release folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Every exercise of the release, in notebook order.</summary>
    public IEnumerable<ManifestExercise> Exercises => Notebooks.SelectMany(n => n.Exercises);

    /// <summary>The checksum of a cell's text: SHA-256 of its UTF-8 with line ends as "\n" and trailing white space trimmed.</summary>
    public static string Checksum(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").TrimEnd())));

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes the manifest as JSON.</summary>
    public void Save(string path) => Core.AtomicFile.WriteText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a manifest; a missing, unreadable or newer one gives an error naming the file and the fix.</summary>
    public static ReleaseManifest Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No release manifest at {path}: run 'tg assign --out DIR' first and pass that DIR with --release.", path);
        ReleaseManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<ReleaseManifest>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new FormatException($"{path}: not a release manifest ({e.Message}). Write it again with 'tg assign'.", e); }
        if (manifest == null || manifest.Notebooks == null) throw new FormatException($"{path}: empty release manifest. Write it again with 'tg assign'.");
        if (manifest.Version > CurrentVersion) throw new FormatException($"{path}: manifest version {manifest.Version} is newer than this tg reads ({CurrentVersion}). Update the kit.");
        return manifest;
    }
}
