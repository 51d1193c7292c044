namespace TransferGuide.Tests.Audio;

/// <summary>Audio augmentation written as words: what options, checkpoints and --augment carry.</summary>
public class AudioAugmentationTests
{
    [Fact]
    public void Words_name_the_transforms_and_the_default_leaves_noise_out()
    {
        var d = AudioAugmentation.Parse("default");
        Assert.Equal([typeof(TimeShift), typeof(PitchShift)], d.Transforms.Select(t => t.GetType()));
        Assert.True(((TimeShift)d.Transforms[0]).Roll); // rolled: padding drew silent columns no recording has
        Assert.NotNull(d.Masks);
        Assert.Same(AudioAugmentation.None, AudioAugmentation.Parse("none"));
        Assert.Equal("none", AudioAugmentation.None.Describe());
        var all = AudioAugmentation.Parse(" Shift, pitch,noise , stretch,masks ");
        Assert.Equal(4, all.Transforms.Count);
        Assert.Contains("noise at 20-40 dB SNR", all.Describe());
        Assert.Contains("SpecAugment masks", all.Describe());
        var e = Assert.Throws<ArgumentException>(() => AudioAugmentation.Parse("shift,reverb"));
        Assert.Contains("'reverb'", e.Message);
        Assert.Contains("shift, pitch, noise, stretch, masks", e.Message);
    }
}
