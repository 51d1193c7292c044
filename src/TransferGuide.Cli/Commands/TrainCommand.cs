namespace TransferGuide.Cli.Commands;

/// <summary><c>tg train</c>: feature extraction or fine-tuning, resumable, into a run folder.</summary>
public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    /// <summary>Options of tg train.</summary>
    [OptionHelp("--dataset", "Catalog dataset (default hymenoptera_data; with --resume, the run's own data).")]
    public sealed class Settings() : RunSettings(null)
    {
        /// <summary>Recipe.</summary>
        [CommandOption("--recipe <RECIPE>"), Description("extract (frozen features + linear head), finetune (default) or auto (both; the better on validation is kept, both reported).")] public string Recipe { get; init; } = "finetune";

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <N>"), OptionRange(1, 10_000), Description("finetune: epochs with every layer training, after one head epoch (default: set by the data size, 4 to 12, with early stopping on validation). extract: head epochs (default 40).")] public int? Epochs { get; init; }

        /// <summary>Base learning rate.</summary>
        [CommandOption("--lr <RATE>"), OptionRange(0, 10, MinExclusive = true), Description("Base learning rate of fine-tuning (default 0.001; text: 0.0002).")] public double? LearningRate { get; init; }

        /// <summary>Batch size.</summary>
        [CommandOption("--batch-size <N>"), OptionRange(1, 4096), Description("Images per step (default 32).")] public int BatchSize { get; init; } = 32;

        /// <summary>Accumulation.</summary>
        [CommandOption("--accumulate <N>"), OptionRange(1, 1024), Description("Micro-batches per optimiser step (effective batch = batch size x N).")] public int Accumulate { get; init; } = 1;

        /// <summary>Precision.</summary>
        [CommandOption("--precision <P>"), Description("fp32 (default), bf16 or fp16 (fp16 needs CUDA).")] public string Precision { get; init; } = "fp32";

        /// <summary>Resume.</summary>
        [CommandOption("--resume <RUN>"), Description("A run folder (or its model.tgck) to continue, on the data its checkpoint records (--data or --dataset overrides it).")] public string? Resume { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed for splits, order, augmentation and initialisation (default 42).")] public int Seed { get; init; } = 42;

        /// <summary>Augmentation strength.</summary>
        [CommandOption("--augment <LEVEL>"), Description("Training augmentation: default (crop and flip), strong (adds rotation, shift, zoom, colour jitter, gray, erasing) or none. Audio: default (shift, pitch, SpecAugment masks), none, strong (all five) or a list of shift, pitch, noise, stretch, masks.")] public string Augment { get; init; } = "default";

        /// <summary>Smallest area share of a training crop.</summary>
        [CommandOption("--crop-area <SHARE>"), OptionRange(0, 1, MinExclusive = true), Description("Images: the smallest share of a training image's area the random crop keeps, above 0 and at most 1 (default: 0.75 for images 64 px or smaller, whose object fills the frame; 0.35 otherwise).")] public double? CropArea { get; init; }

        /// <summary>Batch mixing.</summary>
        [CommandOption("--mix <KIND>"), Description("Mix training batches with soft labels: none, mixup or cutmix (default none).")] public string Mix { get; init; } = "none";

        /// <summary>Memory layout of the convolutions.</summary>
        [CommandOption("--layout <L>"), Description("Memory layout of training: auto (default: channels-last on a CPU, NCHW on CUDA), channels-last or nchw.")] public string Layout { get; init; } = "auto";

        /// <summary>Recompute the stem.</summary>
        [CommandOption("--recompute-stem"), Description("Run the network's stem twice instead of keeping its activations (ResNets; same gradients, about 150 MB less at batch 32, about 7-10% slower): the default on a CPU; this asks for it on CUDA too.")] public bool RecomputeStem { get; init; }

        /// <summary>Keep the stem's activations.</summary>
        [CommandOption("--keep-stem"), Description("Faster, more memory: keep the stem's activations for the backward pass instead of recomputing them (the CPU default recomputes them so a fine-tune stays under 1.5 GB).")] public bool KeepStem { get; init; }

        /// <summary>Memory budget of decoded images.</summary>
        [CommandOption("--image-memory <MB>"), OptionRange(0, 65536), Description("Images: the most memory decoded training and held-out images may keep (default 64 MB); the rest are read back from the resized-image disk cache, a file read rather than a decode.")] public int? ImageMemory { get; init; }

        /// <summary>Zoo architecture.</summary>
        [CommandOption("--model <ID>"), Description("Zoo architecture to fine-tune (default resnet18_imagenet; tg models lists them).")] public string Model { get; init; } = TransferGuide.Models.ModelZoo.ResNet18ImageNet;

        /// <summary>Starting weights.</summary>
        [CommandOption("--weights <W>"), Description("auto (default: ImageNet weights where this machine has them, else random initialisation with a warning), imagenet (require them) or none.")] public string Weights { get; init; } = "auto";

        /// <summary>Refit on training and validation.</summary>
        [CommandOption("--refit"), Description("Fine-tune: after validation has chosen the epoch, train afresh on training and validation together for that many epochs (about 1.6x the time; on ants/bees it gained less than the seed spread, so it is off by default).")] public bool Refit { get; init; }

        /// <summary>Keep the first run.</summary>
        [CommandOption("--no-refit"), Description("Fine-tune: keep the first run's chosen epoch, trained without the validation images (the default).")] public bool NoRefit { get; init; }

        /// <summary>Class-balanced sampling.</summary>
        [CommandOption("--balance"), Description("Sample training images so every class is seen about equally often (for imbalanced data).")] public bool Balance { get; init; }

        /// <summary>BatchNorm statistics while fine-tuning.</summary>
        [CommandOption("--batchnorm <MODE>"), Description("Fine-tune: auto (default: keep the pretrained BatchNorm statistics, learn them when training from random weights), frozen or train (learn this data's statistics).")] public string BatchNorm { get; init; } = "auto";

        /// <summary>Test-time augmentation of the reported test accuracy.</summary>
        [CommandOption("--tta <VIEWS>"), Description("Fine-tune: views the test accuracy averages: flip (default: the centre crop and its mirror image), none, fivecrop or tencrop. The single-view accuracy is reported beside it.")] public string Tta { get; init; } = "flip";

        /// <summary>Input size.</summary>
        [CommandOption("--image-size <PX>"), OptionRange(16, 2048), Description("Input side in pixels (default: the model's own, 224; audio spectrograms 128). Smaller trains faster on a CPU.")] public int? ImageSize { get; init; }

        /// <summary>Text: layers that fine-tune.</summary>
        [CommandOption("--top-layers <K>"), OptionRange(1, 6), Description("Text: encoder layers that fine-tune (1-4, or 6 for all; default 4); the frozen ones below run once and are cached.")] public int TopLayers { get; init; } = TransferGuide.Recipes.TextTrainRecipe.DefaultTopLayers;

        /// <summary>Text: few labels.</summary>
        [CommandOption("--labels-per-class <K>"), Description("Text: train on K texts per class (nested subsets); a comma list (8,16,32,all) runs a learning curve.")] public string? LabelsPerClass { get; init; }

        /// <summary>Text: truncation.</summary>
        [CommandOption("--max-tokens <N>"), OptionRange(8, 512), Description("Text: cut texts at N tokens, [[CLS]] and [[SEP]] included (default 128); the cut ones are counted.")] public int MaxTokens { get; init; } = TransferGuide.Data.Text.TokenizerSettings.DefaultMaxTokens;

        /// <summary>Text: pooling.</summary>
        [CommandOption("--pooling <P>"), Description("Text: mean (default, as sentence-transformers) or cls.")] public string Pooling { get; init; } = "mean";

        /// <summary>Audio: leave one speaker out.</summary>
        [CommandOption("--holdout-speaker <NAME>"), Description("Audio: test on this speaker's clips and train on the others (names from <digit>_<speaker>_<n>.wav), or all for every speaker in turn with the mean.")] public string? HoldoutSpeaker { get; init; }

        /// <summary>Text: EDA in the loop.</summary>
        [CommandOption("--text-augment <OP>"), Description("Text: an EDA operation applied anew every epoch: none (default), swap, delete, synonym or insert (the last two need WordNet).")] public string TextAugment { get; init; } = "none";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (TextTrainRun.IsText(settings)) return TextTrainRun.Execute(settings, cancellationToken);
        if (AudioTrainRun.IsAudio(settings)) return AudioTrainRun.Execute(settings, cancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = RunDisplay.CancelOnCtrlC(cancel, "Stopping after this batch and saving a checkpoint...");
        try
        {
            var precision = settings.Precision.ToLowerInvariant() switch
            {
                "fp32" => Precision.Float32,
                "bf16" => Precision.BFloat16,
                "fp16" => Precision.Float16,
                var p => throw new ArgumentException($"Unknown precision '{p}'. Use fp32, bf16 or fp16."),
            };
            var mixing = settings.Mix.ToLowerInvariant() switch
            {
                "none" => null,
                "mixup" => new TransferGuide.Augment.BatchMixing(TransferGuide.Augment.MixKind.MixUp, 0.2),
                "cutmix" => new TransferGuide.Augment.BatchMixing(TransferGuide.Augment.MixKind.CutMix, 1.0),
                var m => throw new ArgumentException($"Unknown --mix '{m}'. Use none, mixup or cutmix."),
            };
            var augment = settings.Augment.ToLowerInvariant() switch
            {
                "default" => ImageAugmentation.CropAndFlip,
                "strong" => ImageAugmentation.Strong,
                "none" => ImageAugmentation.None,
                var a => throw new ArgumentException($"Unknown --augment '{a}'. Use default, strong or none."),
            };
            bool? channelsLast = settings.Layout.ToLowerInvariant() switch
            {
                "auto" => null,
                "channels-last" => true,
                "nchw" => false,
                var l => throw new ArgumentException($"Unknown --layout '{l}'. Use auto, channels-last or nchw."),
            };
            if (settings.RecomputeStem && settings.KeepStem)
                throw new ArgumentException("--recompute-stem and --keep-stem contradict each other; give one (or neither: the stem is recomputed on a CPU and kept on CUDA).");
            bool? recomputeStem = settings.RecomputeStem ? true : settings.KeepStem ? false : null;
            if (settings.Refit && settings.NoRefit)
                throw new ArgumentException("--refit and --no-refit contradict each other; give one (or neither: no refit).");
            bool? refit = settings.Refit ? true : settings.NoRefit ? false : null;
            var batchNorm = settings.BatchNorm.ToLowerInvariant() switch
            {
                "auto" => BatchNormMode.Auto,
                "frozen" => BatchNormMode.Frozen,
                "train" => BatchNormMode.Train,
                var b => throw new ArgumentException($"Unknown --batchnorm '{b}'. Use auto, frozen or train."),
            };
            TransferGuide.Augment.TtaViews? tta = settings.Tta.ToLowerInvariant() switch
            {
                "none" => null,
                "flip" => TransferGuide.Augment.TtaViews.Flip,
                "fivecrop" => TransferGuide.Augment.TtaViews.FiveCrop,
                "tencrop" => TransferGuide.Augment.TtaViews.TenCrop,
                var t => throw new ArgumentException($"Unknown --tta '{t}'. Use flip, none, fivecrop or tencrop."),
            };
            bool? pretrained = settings.Weights.ToLowerInvariant() switch
            {
                "auto" => null,
                "imagenet" => true,
                "none" => false,
                var w => throw new ArgumentException($"Unknown --weights '{w}'. Use auto, imagenet or none."),
            };
            if (precision == Precision.Float16 && !TransferGuide.Core.Native.TorchRuntime.EnsureLoaded().CudaAvailable)
                throw new ArgumentException("--precision fp16 needs CUDA, and this machine has none (on a CPU fp16 trains at about half the speed of fp32). " +
                    (TransferGuide.Models.FrozenResNetOptions.CpuHasNativeBFloat16()
                        ? "Use --precision bf16: this CPU computes bf16 natively."
                        : "Use --precision fp32: this CPU has no native bf16 either, so bf16 would be slower too."));
            var spec = TransferGuide.Models.ModelZoo.Spec(settings.Model);
            if (settings.Recipe == "extract" && spec.Id != TransferGuide.Models.ModelZoo.ResNet18ImageNet)
                throw new ArgumentException($"--recipe extract uses the ImageNet ResNet18 (resnet18_imagenet); --model {spec.Id} works with --recipe finetune.");
            var options = new TrainOptions(settings.Dataset, settings.Data, settings.Recipe, settings.Epochs, settings.Resume, settings.Runs,
                new LearnerOptions
                {
                    BatchSize = settings.BatchSize, Seed = settings.Seed, ImageSize = settings.ImageSize, BatchNorm = batchNorm,
                    Optimizer = new() { AccumulationSteps = settings.Accumulate },
                    Regularization = new() { BalanceClasses = settings.Balance },
                    Augmentation = new() { Images = augment, Mixing = mixing, MinCropArea = settings.CropArea },
                    Performance = new()
                    {
                        Precision = precision, ChannelsLast = channelsLast, RecomputeStem = recomputeStem,
                        Pipeline = settings.ImageMemory is { } mb ? new PipelineOptions(MemoryCacheMegabytes: mb) : null,
                    },
                },
                settings.LearningRate ?? 1e-3, spec.Id, pretrained, settings.MaxPixels, refit, tta);
            int? total = settings.Recipe switch { "finetune" => settings.Epochs + 1, "auto" => null, _ => settings.Epochs };
            var result = RunDisplay.Run(total, (progress, batches) => TrainRecipe.Run(options, progress, cancel.Token, batches));
            RunDisplay.Summarise(result);
            return 0;
        }
        catch (OperationCanceledException e)
        {
            var folder = e is RunStoppedException stopped ? stopped.RunFolder : "<run folder>";
            // The line must work as printed: the tg of this process, and the run folder as an absolute path. The data
            // needs no option: the checkpoint records it.
            AnsiConsole.MarkupLine("[yellow]Stopped. The checkpoint is saved; continue with: " +
                                   Markup.Escape($"{SelfProcess.Invocation} train --resume {RunStoppedException.ResumeArgument(folder)}") + "[/]");
            return ExitCodes.Stopped;
        }
    }
}
