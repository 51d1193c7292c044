using NWaves.Audio;
using NWaves.Signals;

namespace TransferGuide.Tests.Audio;

/// <summary>Clips become network inputs at training time: decode once, augment per (seed, epoch), spectrogram, masks.</summary>
public class AudioBatchSourceTests
{
    static List<DataItem> Tones(TempDir dir, int count = 4, int sampleRate = 8000)
    {
        var items = new List<DataItem>();
        for (int i = 0; i < count; i++)
        {
            var path = dir.Combine($"{i % 2}/tone{i}.wav");
            WavFile.Write(path, Waveform.Tone(300 + 150 * i, 0.4, sampleRate));
            items.Add(new DataItem(path, i % 2, "train"));
        }
        return items;
    }

    static IAudioTransform[] Augmentation() => [new AddNoise(MinSnrDb: 10, MaxSnrDb: 20), new TimeShift(MaxFraction: 0.2)];

    [Fact]
    public void Batches_are_imagenet_inputs_with_their_labels_and_paths()
    {
        using var dir = new TempDir();
        var items = Tones(dir);
        using var source = new AudioBatchSource(items);
        var batches = source.Batches(BatchOrder.Sequential(4), 3, seed: 1, epoch: 0).ToList();
        Assert.Equal([3, 1], batches.Select(b => b.Count));
        var first = Assert.IsType<FloatInputs>(batches[0].Inputs);
        Assert.Equal([3L, 3, 224, 224], first.Shape);
        Assert.Equal([0, 1, 0], batches[0].Labels);
        Assert.Equal(items.Take(3).Select(i => i.Path), batches[0].Ids);
        // The same normalisation as LogMelSpectrogram.ToTensor, which the PNG route and the gallery use.
        using var expected = new LogMelSpectrogram().ToTensor(WavFile.Read(items[0].Path));
        var want = expected.data<float>().ToArray();
        Assert.True(want.Zip(first.Values.Take(want.Length)).Max(p => Math.Abs(p.First - p.Second)) < 1e-4);
    }

    [Fact]
    public void Augmentation_is_new_every_epoch_and_the_same_for_the_same_seed_and_epoch()
    {
        using var dir = new TempDir();
        using var source = new AudioBatchSource(Tones(dir), augment: Augmentation(), augmentProbability: 1, specAugment: new SpecAugment());
        var a = source.Input(2, seed: 5, epoch: 0)!;
        Assert.Equal(a, source.Input(2, seed: 5, epoch: 0));
        Assert.NotEqual(a, source.Input(2, seed: 5, epoch: 1));
        Assert.NotEqual(a, source.Input(2, seed: 6, epoch: 0));
        using var plain = new AudioBatchSource(Tones(dir));
        Assert.Equal(plain.Input(2, 5, 0), plain.Input(2, 5, 1)); // evaluation: no augmentation, no change
    }

    [Fact]
    public void Other_sample_rates_are_resampled_and_stereo_is_down_mixed()
    {
        using var dir = new TempDir();
        var items = Tones(dir, count: 2, sampleRate: 16000);
        var stereo = dir.Combine("1/stereo.wav");
        var left = Waveform.Tone(500, 0.5, 22050).Samples;
        var wave = new WaveFile([new DiscreteSignal(22050, left), new DiscreteSignal(22050, left.Select(v => -v / 2).ToArray())], 16);
        using (var stream = File.Create(stereo)) wave.SaveTo(stream);
        items.Add(new DataItem(stereo, 1, "train"));
        using var source = new AudioBatchSource(items);
        Assert.Equal(8000, source.Clip(0)!.SampleRate);
        Assert.InRange(source.Clip(0)!.Length, 3150, 3250); // 0.4 s at 8 kHz
        Assert.InRange(source.Clip(2)!.Length, 3950, 4050); // 0.5 s at 8 kHz, channels averaged
        Assert.Equal(3, source.Batches(BatchOrder.Sequential(3), 8, 0, 0).Single().Count);
        Assert.Empty(source.Report.Skipped);
    }

    [Theory]
    [InlineData("silent")]
    [InlineData("zero-length")]
    [InlineData("truncated")]
    [InlineData("text")]
    public void An_unusable_clip_is_left_out_and_reported_by_name_and_the_batch_goes_on(string kind)
    {
        using var dir = new TempDir();
        var items = Tones(dir, count: 3);
        var bad = dir.Combine($"1/{kind}.wav");
        switch (kind)
        {
            case "silent": WavFile.Write(bad, new Waveform(new float[4000], 8000)); break;
            case "zero-length": WavFile.Write(bad, new Waveform([], 8000)); break;
            default: File.WriteAllBytes(bad, WavFileTests.BadWav(dir, kind)); break;
        }
        items.Insert(1, new DataItem(bad, 1, "train"));
        using var source = new AudioBatchSource(items, augment: Augmentation());
        var batch = source.Batches(BatchOrder.Sequential(4), 4, 0, 0).Single();
        Assert.Equal(3, batch.Count);
        Assert.DoesNotContain(bad, batch.Ids);
        Assert.Equal([3L, 3, 224, 224], batch.Inputs.Shape);
        var skipped = Assert.Single(source.Report.Skipped);
        Assert.Equal(bad, skipped.Path);
        Assert.False(string.IsNullOrWhiteSpace(skipped.Reason));
        source.Batches(BatchOrder.Sequential(4), 4, 0, 1).Single();
        Assert.Single(source.Report.Skipped); // reported once, not every epoch
    }

    [Fact]
    public void Spec_augment_masks_bands_of_rows_and_columns_with_the_picture_mean_within_its_widths()
    {
        // Values 0 and 2 in a checkerboard: the mean, 1, occurs only where a mask fell.
        float[] Checkerboard() => Enumerable.Range(0, 100 * 200).Select(i => (i / 200 + i % 200) % 2 == 0 ? 0f : 2f).ToArray();
        var picture = Checkerboard();
        new SpecAugment(FrequencyMasks: 1, MaxFrequencyWidth: 0.1, TimeMasks: 1, MaxTimeWidth: 0.05).Apply(picture, 100, 200, new Random(3));
        int maskedRows = Enumerable.Range(0, 100).Count(r => picture.Skip(r * 200).Take(200).All(v => v == 1));
        int maskedColumns = Enumerable.Range(0, 200).Count(c => Enumerable.Range(0, 100).All(r => picture[r * 200 + c] == 1));
        Assert.InRange(maskedRows, 0, 10);
        Assert.InRange(maskedColumns, 0, 10);
        Assert.True(maskedRows + maskedColumns > 0);
        Assert.True(picture.Count(v => v == 1) <= 10 * 200 + 10 * 100);
        Assert.DoesNotContain(picture, v => v is not (0 or 1 or 2));
        var again = Checkerboard();
        new SpecAugment(FrequencyMasks: 1, MaxFrequencyWidth: 0.1, TimeMasks: 1, MaxTimeWidth: 0.05).Apply(again, 100, 200, new Random(3));
        Assert.Equal(picture, again);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpecAugment(MaxTimeWidth: 2).Apply(picture, 100, 200, new Random(1)));
    }
}
