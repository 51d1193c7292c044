using System.Text.Json;
using TransferGuide.Data;

namespace TransferGuide.Models.Numerics;

/// <summary>
/// Verdicts of one machine fingerprint on disk: <c>~/.cache/transferguide/numerics/&lt;hash&gt;.json</c> (or under
/// <c>$TRANSFERGUIDE_CACHE</c>), written atomically. Processes that probe at the same time take turns through a lock
/// file, so each path is probed once per machine.
/// </summary>
public sealed class VerdictStore(MachineFingerprint fingerprint, string? folder = null)
{
    sealed record FileModel(MachineFingerprint Fingerprint, Dictionary<string, Verdict> Verdicts);

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The fingerprint the verdicts belong to.</summary>
    public MachineFingerprint Fingerprint { get; } = fingerprint;

    /// <summary>The folder of verdict files.</summary>
    public string Folder { get; } = folder ?? DefaultFolder();

    /// <summary><c>$TRANSFERGUIDE_NUMERICS_CACHE</c>, else <c>numerics/</c> in the kit's cache.</summary>
    public static string DefaultFolder() =>
        Environment.GetEnvironmentVariable("TRANSFERGUIDE_NUMERICS_CACHE") is { Length: > 0 } f ? f : Path.Combine(DatasetResolver.CacheRoot(), "numerics");

    /// <summary>This fingerprint's file.</summary>
    public string FilePath => Path.Combine(Folder, Fingerprint.Hash() + ".json");

    /// <summary>Every verdict saved for this fingerprint (empty when none, or when the file is unreadable).</summary>
    public Dictionary<string, Verdict> Load()
    {
        try
        {
            if (!File.Exists(FilePath)) return [];
            var model = JsonSerializer.Deserialize<FileModel>(File.ReadAllText(FilePath), Json);
            return model?.Fingerprint == Fingerprint ? model.Verdicts : [];
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Adds verdicts to the file (a read-only cache only costs a re-probe next time).</summary>
    public void Save(IReadOnlyDictionary<string, Verdict> verdicts)
    {
        try
        {
            var all = Load();
            foreach (var (id, v) in verdicts) all[id] = v with { Source = "probe" };
            Directory.CreateDirectory(Folder);
            var tmp = FilePath + $".{Environment.ProcessId}.tmp";
            File.WriteAllText(tmp, JsonSerializer.Serialize(new FileModel(Fingerprint, all), Json));
            File.Move(tmp, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Holds the machine-wide probe lock until disposed (waits for another process's probes to finish).</summary>
    public IDisposable Lock(TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Directory.CreateDirectory(Folder);
                return new FileStream(Path.Combine(Folder, Fingerprint.Hash() + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (clock.Elapsed < timeout) { Thread.Sleep(200); }
            catch (UnauthorizedAccessException) { return new MemoryStream(); }
        }
    }
}
