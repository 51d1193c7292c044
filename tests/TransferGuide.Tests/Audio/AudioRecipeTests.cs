namespace TransferGuide.Tests.Audio;

/// <summary>
/// The audio recipes end to end on a generated tone dataset: messy files do not stop a run and are named, the checkpoint
/// keeps the spectrogram settings that evaluation rebuilds, a stopped fine-tune resumes, and a held-out speaker is
/// really held out.
/// </summary>
[Collection(TorchRngCollection.Name)]
public class AudioRecipeTests
{
    static AudioTrainOptions Small(string root, string runs, string recipe = "extract") =>
        new(Dataset: null, DataDir: root, Recipe: recipe, Epochs: recipe == "extract" ? 30 : 1, BatchSize: 8, InputSize: 32, RunsRoot: runs);

    [Fact]
    public void Messy_files_are_resampled_down_mixed_or_skipped_and_named_and_the_run_finishes()
    {
        using var dir = new TempDir();
        var root = SpokenFixture.Create(dir);
        var unusable = SpokenFixture.AddMessyFiles(dir, root);
        var result = AudioTrainRecipe.Run(Small(root, dir.Combine("runs")));
        var m = result.Metrics;
        foreach (var name in unusable) Assert.Contains(m.SkippedClips, s => s.Contains(name));
        Assert.Equal(unusable.Length, m.SkippedClips.Count); // the 24-bit, stereo and 16 kHz clips were used
        Assert.Contains(m.SkippedClips, s => s.Contains("high_ann_alaw.wav") && s.Contains("compressed"));
        Assert.Contains(m.SkippedClips, s => s.Contains("high_bob_silence.wav") && s.Contains("silence"));
        Assert.Equal(18, m.TrainItems); // 16 clean, 3 usable messy and the silent one (left out per batch), less 1 per class for validation
        Assert.InRange(m.Accuracy, 0.75, 1.0);
        var html = File.ReadAllText(result.Folder.Report);
        foreach (var name in unusable) Assert.Contains(name, html);
        Assert.Contains("Clips that could not be used", html);
        Assert.Equal("audio-extract", m.Recipe);
        Assert.Equal(32, m.InputSize);
    }

    [Fact]
    public void The_checkpoint_keeps_the_spectrogram_settings_and_evaluation_rebuilds_the_same_input()
    {
        using var dir = new TempDir();
        var root = SpokenFixture.Create(dir);
        var result = AudioTrainRecipe.Run(Small(root, dir.Combine("runs")));
        var header = Checkpoint.ReadHeader(result.Folder.Checkpoint);
        var audio = Assert.IsType<AudioInputSettings>(header.Audio);
        Assert.Equal(32, audio.Spectrogram!.Height);
        Assert.Equal(8000, audio.SampleRate);
        Assert.Equal(AudioTrainRecipe.DefaultSpectrogram.HopSize, audio.Spectrogram.HopSize);
        Assert.Equal(AudioTrainRecipe.DefaultSpectrogram.MelBands, audio.Spectrogram.MelBands);
        Assert.NotNull(audio.Preprocessing); // written out, so a later default cannot change what this model sees

        var evaluated = AudioEvaluation.Run(result.Folder.Checkpoint);
        Assert.Equal(result.Metrics.EvaluationItems, evaluated.Metrics.EvaluationItems);
        Assert.Equal(result.Evaluation.Predicted, evaluated.Evaluation.Predicted);
        Assert.Equal(result.Metrics.Accuracy, evaluated.Metrics.Accuracy, 6);
        Assert.Equal(["ann", "bob"], evaluated.BySpeaker.Select(s => s.Speaker));
        Assert.Contains("Accuracy by speaker", File.ReadAllText(Path.Combine(evaluated.Output, "report.html")));
    }

    [Fact]
    public void A_stopped_fine_tune_resumes_from_its_checkpoint_and_finishes_the_plan()
    {
        using var dir = new TempDir();
        var root = SpokenFixture.Create(dir);
        var options = Small(root, dir.Combine("runs"), "finetune");
        using var cancel = new CancellationTokenSource();
        var stopAfterFirst = new ActionProgress<EpochMetrics>(_ => cancel.Cancel());
        var stopped = Assert.Throws<RunStoppedException>(() => AudioTrainRecipe.Run(options, new RecipeProgress(Epochs: stopAfterFirst), cancel.Token));
        var header = Checkpoint.ReadHeader(Path.Combine(stopped.RunFolder, "model.tgck"));
        Assert.Equal(1, header.Epoch);
        Assert.NotNull(header.Audio);

        var resumed = AudioTrainRecipe.Run(new AudioTrainOptions(Resume: stopped.RunFolder, RunsRoot: dir.Combine("runs")));
        Assert.Equal(stopped.RunFolder, resumed.Folder.Path);
        Assert.Equal(2, resumed.History.Epochs.Count); // the head epoch, then one of every layer: the saved plan, not the defaults
        Assert.Equal(header.History.Epochs[0].TrainLoss, resumed.History.Epochs[0].TrainLoss);
        Assert.Equal(32, resumed.Metrics.InputSize);
        Assert.Single(Directory.GetDirectories(dir.Combine("runs")));
    }

    [Fact]
    public void A_held_out_speaker_is_only_in_the_test_split_and_every_fold_is_reported_with_the_mean()
    {
        using var dir = new TempDir();
        var root = SpokenFixture.Create(dir, ["ann", "bob", "cat"], clipsPerSpeaker: 4);
        var run = AudioTrainRecipe.Run(Small(root, dir.Combine("runs")) with { HoldoutSpeaker = "bob" });
        Assert.Equal("speaker bob", run.Metrics.EvaluationSplit);
        Assert.Equal(8, run.Evaluation.Count); // all of bob's clips, from both splits
        Assert.All(run.Evaluation.Paths, p => Assert.Contains("_bob_", Path.GetFileName(p)));
        Assert.Equal("bob", run.Metrics.HeldOutSpeaker);

        var loso = SpeakerHoldOut.Run(Small(root, dir.Combine("loso")));
        Assert.Equal(["ann", "bob", "cat"], loso.Folds.Select(f => f.Speaker));
        Assert.Equal(loso.Folds.Average(f => f.Accuracy), loso.MeanAccuracy, 9);
        Assert.All(loso.Folds, f => Assert.Equal(8, f.Clips));
        var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(loso.Folder, "metrics.json"))).RootElement;
        Assert.Equal(loso.MeanAccuracy, summary.GetProperty("mean_accuracy").GetDouble(), 9);
        Assert.Equal(3, summary.GetProperty("folds").GetArrayLength());
        Assert.Contains("speaker never heard", File.ReadAllText(Path.Combine(loso.Folder, "report.html")));
        Assert.Throws<ArgumentException>(() => AudioTrainRecipe.Run(Small(root, dir.Combine("runs")) with { HoldoutSpeaker = "zed" }));
    }
}
