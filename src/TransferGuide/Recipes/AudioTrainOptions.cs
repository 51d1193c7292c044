namespace TransferGuide.Recipes;

/// <summary>Options of <see cref="AudioTrainRecipe"/>; the defaults are the one-call recipe (docs/audio.md says what has been measured).</summary>
/// <param name="Dataset">Catalog audio dataset (fsdd), used when <paramref name="DataDir"/> is null.</param>
/// <param name="DataDir">Your own folder of WAV class folders instead.</param>
/// <param name="Recipe">"finetune" (head, then every layer) or "extract" (frozen ImageNet ResNet18, linear head on features of the plain spectrograms).</param>
/// <param name="Epochs">Fine-tune: epochs of every layer after one head epoch (null: <see cref="AudioTrainRecipe.DefaultFineTuneEpochs"/>); extract: head epochs.</param>
/// <param name="LearningRate">Base rate of fine-tuning.</param>
/// <param name="BatchSize">Clips per step.</param>
/// <param name="Seed">Seed of the splits, order, augmentation and new head.</param>
/// <param name="InputSize">Side of the spectrogram picture in pixels; smaller trains faster on a CPU.</param>
/// <param name="Augment">Fine-tuning's augmentation in words (<see cref="Augment.Audio.AudioAugmentation.Parse"/>): default, none, or a list such as shift,pitch,masks.</param>
/// <param name="HoldoutSpeaker">Test on this speaker's clips and train on the others (leave one speaker out); null: the dataset's test split.</param>
/// <param name="RunsRoot">Where run folders go.</param>
/// <param name="Resume">A run folder (or its model.tgck) of an audio fine-tune to continue.</param>
/// <param name="HeldOutPerClass">Keep at most this many clips per class of the validation and test splits (seeded; quick mode in the weeks); null: all.</param>
/// <param name="TrainPerClass">Train on at most this many clips per class (seeded; quick mode in the weeks); null: all.</param>
/// <param name="Spectrogram">Log-mel settings (bands, window, hop, range); null: <see cref="AudioTrainRecipe.DefaultSpectrogram"/>. Its picture size is <paramref name="InputSize"/>.</param>
/// <param name="Learner">Every other knob of fine-tuning (layout, precision, regularisation); null: the Learner's defaults. Its batch size and seed are this record's.</param>
public sealed record AudioTrainOptions(
    string? Dataset = "fsdd",
    string? DataDir = null,
    string Recipe = "finetune",
    int? Epochs = null,
    double LearningRate = AudioTrainRecipe.DefaultLearningRate,
    int BatchSize = 32,
    int Seed = 42,
    int InputSize = AudioTrainRecipe.DefaultInputSize,
    string Augment = "default",
    string? HoldoutSpeaker = null,
    string RunsRoot = "runs",
    string? Resume = null,
    int? HeldOutPerClass = null,
    int? TrainPerClass = null,
    Data.Audio.LogMelSpectrogram? Spectrogram = null,
    Training.LearnerOptions? Learner = null);
