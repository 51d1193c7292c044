using System.Buffers.Binary;
using System.Text;
using NWaves.Audio;

namespace TransferGuide.Data.Audio;

/// <summary>
/// Reads and writes WAV files with NWaves. Before decoding, the RIFF structure is checked, so a file that
/// is empty, not a WAV, truncated or in an unsupported encoding fails with its name and the reason instead
/// of an index error deep inside a parser.
/// </summary>
public static class WavFile
{
    const string ConvertHint = "Convert it to 16-bit PCM WAV (e.g. ffmpeg -i in.ext -ac 1 -c:a pcm_s16le out.wav) or remove it.";

    /// <summary>Reads a WAV file as mono (channels averaged), samples in -1..1.</summary>
    /// <exception cref="AudioFormatException">The file is not a readable PCM or float WAV.</exception>
    public static Waveform Read(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Audio file {path} does not exist.", path);
        var bytes = File.ReadAllBytes(path);
        Check(bytes, path);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var wave = new WaveFile(stream, normalized: true);
            var signal = wave.WaveFmt.ChannelCount == 1 ? wave.Signals[0] : wave[Channels.Average];
            return Waveform.From(signal);
        }
        catch (Exception e) when (e is not AudioFormatException)
        {
            throw new AudioFormatException(path, $"the WAV data could not be decoded ({e.Message}). {ConvertHint}");
        }
    }

    /// <summary>Checks a file without decoding it; null when it looks readable, else the problem in words.</summary>
    public static string? Problem(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return "file does not exist";
            Check(File.ReadAllBytes(path), path);
            return null;
        }
        catch (AudioFormatException e) { return e.Problem; }
        catch (IOException e) { return $"cannot be read ({e.Message})"; }
        catch (UnauthorizedAccessException e) { return $"cannot be read ({e.Message})"; }
    }

    /// <summary>The clip as the bytes of a 16-bit PCM mono WAV file (to embed in a page, or to play).</summary>
    public static byte[] ToBytes(Waveform audio)
    {
        using var stream = new MemoryStream();
        new WaveFile(audio.ToSignal(), bitsPerSample: 16).SaveTo(stream, normalized: true);
        return stream.ToArray();
    }

    /// <summary>Writes 16-bit PCM mono.</summary>
    public static void Write(string path, Waveform audio)
    {
        var wave = new WaveFile(audio.ToSignal(), bitsPerSample: 16);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var stream = File.Create(path);
        wave.SaveTo(stream, normalized: true);
    }

    static void Check(byte[] bytes, string path)
    {
        if (bytes.Length == 0) throw new AudioFormatException(path, "the file is empty (0 bytes). Re-export or remove it.");
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
        {
            var head = new string(Encoding.ASCII.GetString(bytes, 0, Math.Min(4, bytes.Length)).Select(c => char.IsControl(c) ? '.' : c).ToArray());
            throw new AudioFormatException(path, $"not a WAV file (it starts with '{head}', a WAV starts with 'RIFF....WAVE'). {ConvertHint}");
        }
        bool haveFormat = false;
        int pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 4));
            long available = bytes.Length - pos - 8;
            if (id == "fmt ")
            {
                if (size < 16 || available < 16) throw new AudioFormatException(path, "its format chunk is cut short. The file is corrupt; re-export it.");
                int format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos + 8));
                int channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos + 10));
                int rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 12));
                int bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos + 22));
                // 1 = PCM, 3 = IEEE float, 0xFFFE = extensible (PCM inside for the files this reads).
                if (format is not (1 or 3 or 0xFFFE))
                    throw new AudioFormatException(path, $"its encoding (WAV format code {format}) is compressed, not PCM. {ConvertHint}");
                if (bits is not (8 or 16 or 24 or 32))
                    throw new AudioFormatException(path, $"{bits}-bit samples are not supported (8, 16, 24 or 32). {ConvertHint}");
                if (channels < 1 || rate <= 0)
                    throw new AudioFormatException(path, $"its header says {channels} channel(s) at {rate} Hz. The file is corrupt; re-export it.");
                haveFormat = true;
            }
            else if (id == "data")
            {
                if (!haveFormat) throw new AudioFormatException(path, "its data chunk comes before any format chunk. The file is corrupt; re-export it.");
                if (size > available)
                    throw new AudioFormatException(path, $"the file is truncated: its data chunk declares {size} bytes but only {available} follow. Re-export or remove it.");
                if (size == 0) throw new AudioFormatException(path, "it holds no samples (empty data chunk). Remove it.");
                return;
            }
            pos += 8 + (int)Math.Min(size + (size & 1), int.MaxValue - pos - 8);
        }
        throw new AudioFormatException(path, haveFormat
            ? "it has no data chunk (no samples). The file is corrupt or truncated; re-export or remove it."
            : "it has no format chunk. The file is corrupt; re-export it.");
    }
}
