using static TorchSharp.torch;

namespace TransferGuide.Tests.Audio;

public class LogMelSpectrogramTests
{
    [Fact]
    public void Decibels_have_one_row_per_band_a_frame_per_hop_and_a_bounded_range()
    {
        var mel = new LogMelSpectrogram();
        using var scope = NewDisposeScope();
        var db = mel.Decibels(Waveform.Tone(440, 1.0));
        Assert.Equal(64, db.shape[0]);
        Assert.InRange(db.shape[1], (8000 - 256) / 64, 8000 / 64 + 1);
        Assert.True(isfinite(db).all().item<bool>());
        Assert.InRange((db.max() - db.min()).item<float>(), 0f, 80f + 1e-3f);
    }

    [Fact]
    public void A_higher_tone_lights_a_higher_band()
    {
        var mel = new LogMelSpectrogram();
        using var scope = NewDisposeScope();
        long Band(double f) => mel.Decibels(Waveform.Tone(f, 0.5)).mean([1]).argmax().item<long>();
        Assert.True(Band(300) < Band(1000));
        Assert.True(Band(1000) < Band(3000));
    }

    [Fact]
    public void Network_input_is_3_by_224_by_224_finite_and_normalised()
    {
        var mel = new LogMelSpectrogram();
        var clip = WavFile.Read(Directory.GetFiles(Path.Combine(TransferGuide.Data.DatasetResolver.Resolve("fsdd", allowDownload: false), "train", "4")).Order().First());
        using var scope = NewDisposeScope();
        var x = mel.ToTensor(clip);
        Assert.Equal([3L, 224, 224], x.shape);
        Assert.True(isfinite(x).all().item<bool>());
        // 0..255 grey minus the ResNet's channel means.
        var p = Preprocessing.CntkResNet;
        Assert.InRange(x[0].min().item<float>(), -p.Mean[0] - 1e-3f, 255 - p.Mean[0]);
        Assert.InRange(x[2].max().item<float>(), 255 - p.Mean[2] - 60, 255 - p.Mean[2] + 1e-3f); // the loudest cell is near white
        Assert.True((x[0] + p.Mean[0]).allclose(x[1] + p.Mean[1], atol: 1e-3)); // the same grey in every channel

        var batch = mel.ToBatch([clip, Waveform.Tone(440, 0.3), Waveform.Tone(440, 0.01)]);
        Assert.Equal([3L, 3, 224, 224], batch.shape);
        Assert.True(isfinite(batch).all().item<bool>());
        Assert.True(batch[0].allclose(x, atol: 1e-4));
    }

    [Fact]
    public void Image_form_has_the_chosen_size()
    {
        var mel = new LogMelSpectrogram { Height = 96, Width = 128, MelBands = 40 };
        using var image = mel.ToImage(Waveform.Tone(440, 0.5));
        Assert.Equal((128, 96), (image.Width, image.Height));
        Assert.Throws<ArgumentException>(() => mel.ToTensor(new Waveform([], 8000)));
    }

    [Fact]
    public void Settings_scale_with_the_sample_rate()
    {
        Assert.Equal(new LogMelSpectrogram(), LogMelSpectrogram.For(8000));
        var wide = LogMelSpectrogram.For(16000);
        Assert.Equal((512, 128, 1024), (wide.WindowSize, wide.HopSize, wide.FftSize));
        using var scope = NewDisposeScope();
        Assert.Equal(16000 / 128, wide.Decibels(Waveform.Tone(440, 1.0, sampleRate: 16000)).shape[1], tolerance: 5);
    }
}
