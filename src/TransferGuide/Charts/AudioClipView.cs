using System.Net;
using System.Text;
using TransferGuide.Data.Audio;

namespace TransferGuide.Charts;

/// <summary>
/// A clip to see and hear: its log-mel spectrogram and a playable audio element, both embedded as data URIs so that
/// a report or notebook holding it works offline, as one file. A notebook shows <see cref="Html"/>; a plain program
/// writes the WAV beside its charts.
/// </summary>
/// <param name="Caption">What the clip is (file, true and predicted class, a transform's name).</param>
/// <param name="Wav">The clip as 16-bit PCM WAV bytes.</param>
/// <param name="SpectrogramUri">The spectrogram as a PNG data URI.</param>
public sealed record AudioClipView(string Caption, byte[] Wav, string SpectrogramUri)
{
    /// <summary>Width the spectrogram is drawn at, in pixels.</summary>
    public const int Width = 160;

    /// <summary>A view of <paramref name="clip"/>, drawn with <paramref name="mel"/> (default: 128 pixels square).</summary>
    public static AudioClipView Of(Waveform clip, string caption, LogMelSpectrogram? mel = null)
    {
        mel ??= LogMelSpectrogram.For(clip.SampleRate) with { Height = 128, Width = 128 };
        using var image = mel.ToImage(clip);
        return new AudioClipView(caption, WavFile.ToBytes(clip), ImageGrid.DataUri(image, Width));
    }

    /// <summary>A view of the WAV file at <paramref name="path"/> (read as mono, at its own rate).</summary>
    public static AudioClipView Of(string path, string caption, LogMelSpectrogram? mel = null) => Of(WavFile.Read(path), caption, mel);

    /// <summary>The audio as a <c>data:audio/wav</c> URI.</summary>
    public string AudioUri => "data:audio/wav;base64," + Convert.ToBase64String(Wav);

    /// <summary>A figure: spectrogram, audio controls, caption.</summary>
    public string Html => new StringBuilder()
        .Append("<figure class=\"clip\"><img width=\"").Append(Width).Append("\" src=\"").Append(SpectrogramUri).Append("\" alt=\"")
        .Append(WebUtility.HtmlEncode(Caption)).Append(" (log-mel spectrogram)\"><audio controls preload=\"none\" style=\"width:")
        .Append(Width).Append("px\" src=\"").Append(AudioUri).Append("\"></audio><figcaption>").Append(WebUtility.HtmlEncode(Caption))
        .Append("</figcaption></figure>").ToString();

    /// <summary>Several views in one wrapping row.</summary>
    public static string Row(IEnumerable<AudioClipView> clips) =>
        "<div style=\"display:flex;flex-wrap:wrap;gap:10px\">" + string.Concat(clips.Select(c => c.Html)) + "</div>";
}
