using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;

namespace TransferGuide.Training;

public sealed partial class Learner
{
    /// <summary>
    /// A learner whose network starts from random weights instead of ImageNet's: the baseline that shows
    /// what pretraining is worth on small data. Every layer trains. The input pipeline is the same as
    /// <see cref="Create"/>'s, so the comparison changes only the starting weights.
    /// </summary>
    public static Learner FromScratch(ImageDataset data, LearnerOptions? options = null, string architecture = ModelZoo.ResNet18ImageNet)
    {
        options ??= new LearnerOptions();
        Reproducibility.Seed(options.Seed);
        var spec = ModelZoo.Spec(architecture);
        var (train, valid, validName) = SplitFor(data, options.Seed);
        var model = ModelZoo.Create(spec.Id, data.Classes.Count, pretrained: false);
        var preprocessing = options.ImageSize is { } size
            ? spec.Preprocessing with { CropSize = size, ResizeShorterSide = (int)Math.Round(size * 256.0 / 224) }
            : spec.Preprocessing;
        var learner = new Learner(model, spec.Id, data.Classes, data.Name, preprocessing, train, valid, validName, data.Report, options);
        learner.Unfreeze();
        return learner;
    }
}
