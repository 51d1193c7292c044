namespace TransferGuide.Tests.Audio;

/// <summary>Leave-one-speaker-out folds from fsdd's file names.</summary>
public class SpeakerGroupsTests
{
    [Theory]
    [InlineData("/d/train/3/3_george_12.wav", "george")]
    [InlineData("7_yweweler_0.wav", "yweweler")]
    [InlineData("/d/train/3/recording.wav", null)]
    [InlineData("3_george.wav", null)]
    public void The_speaker_is_read_from_the_file_name(string path, string? speaker) => Assert.Equal(speaker, SpeakerGroups.SpeakerOf(path));

    [Fact]
    public void Fsdd_has_six_speakers_and_each_fold_holds_one_out_of_every_split()
    {
        var data = AudioFolder.FromCatalog("fsdd");
        var speakers = SpeakerGroups.Speakers(data.Items);
        Assert.Equal(["george", "jackson", "lucas", "nicolas", "theo", "yweweler"], speakers);
        var folds = SpeakerGroups.LeaveOneOut(data.Items);
        Assert.Equal(6, folds.Count);
        foreach (var fold in folds)
        {
            Assert.Equal(500, fold.Test.Count); // 10 digits x 50 takes, train and test splits pooled
            Assert.Equal(2500, fold.Train.Count);
            Assert.All(fold.Test, i => Assert.Equal(fold.Speaker, SpeakerGroups.SpeakerOf(i.Path)));
            Assert.DoesNotContain(fold.Train, i => SpeakerGroups.SpeakerOf(i.Path) == fold.Speaker);
            Assert.Equal(Enumerable.Range(0, 10), fold.Test.Select(i => i.Label).Distinct().Order());
        }
    }

    [Fact]
    public void An_unknown_speaker_and_an_unnamed_clip_say_what_to_do()
    {
        DataItem[] items = [new("/d/0/0_ann_1.wav", 0, "train"), new("/d/1/1_bob_1.wav", 1, "train")];
        var e = Assert.Throws<ArgumentException>(() => SpeakerGroups.HoldOut(items, "carol"));
        Assert.Contains("ann, bob", e.Message);
        var unnamed = Assert.Throws<ArgumentException>(() => SpeakerGroups.Speakers([.. items, new DataItem("/d/1/take.wav", 1, "train")]));
        Assert.Contains("/d/1/take.wav", unnamed.Message);
        Assert.Contains("<label>_<speaker>_<index>.wav", unnamed.Message);
    }
}
