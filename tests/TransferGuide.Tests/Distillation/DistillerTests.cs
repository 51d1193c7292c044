using TorchSharp;
using TransferGuide.Tests.Training;

using static TorchSharp.torch;

namespace TransferGuide.Tests.Distillation;

[Collection(TorchRngCollection.Name)]
public class DistillerTests
{
    static LearnerOptions Tiny => new()
    {
        BatchSize = 4, ImageSize = 32, Seed = 9,
        Regularization = new() { LabelSmoothing = 0 },
        Augmentation = new() { Images = ImageAugmentation.None },
    };

    [Fact]
    public void With_alpha_zero_the_student_trains_exactly_as_on_labels_alone()
    {
        using var dir = new TempDir();
        var data = LearnerFixture.Colours(dir);
        using var teacher = ModelZoo.Create("mobilenet_v3_small", 2, pretrained: false);
        var teacherBefore = LearnerFixture.Weights(teacher);

        Dictionary<string, float[]> Train(bool distil)
        {
            using var student = Learner.Create(data, "squeezenet1_1", Tiny, pretrained: false);
            if (distil) Distiller.Attach(student, teacher, Preprocessing.TorchvisionImageNet with { CropSize = 32, ResizeShorterSide = 37 }, new DistillationLoss(Alpha: 0));
            student.Unfreeze();
            student.Fit(1, 1e-3);
            return LearnerFixture.Weights(student.Model);
        }

        Assert.Equal(0, LearnerFixture.MaxDifference(Train(false), Train(true)), 6);
        Assert.Equal(0, LearnerFixture.MaxDifference(teacherBefore, LearnerFixture.Weights(teacher)));
    }

    [Fact]
    public void With_alpha_one_the_student_moves_towards_the_teacher()
    {
        using var dir = new TempDir();
        var data = LearnerFixture.Colours(dir);
        torch.random.manual_seed(4);
        using var teacher = ModelZoo.Create("mobilenet_v3_small", 2, pretrained: false);
        using var student = Learner.Create(data, "squeezenet1_1", Tiny with { Seed = 4 }, pretrained: false);
        var teacherPre = student.Preprocessing;

        double Disagreement()
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            teacher.eval(); student.Model.eval();
            var x = randn(8, 3, 32, 32, generator: new Generator(11));
            var loss = new DistillationLoss(Alpha: 1, Temperature: 2);
            return loss.Mean(student.Model.call(x), teacher.call(x), zeros(8, ScalarType.Int64)).item<float>();
        }

        double before = Disagreement();
        Distiller.Attach(student, teacher, teacherPre, new DistillationLoss(Alpha: 1, Temperature: 2));
        student.Unfreeze();
        student.Fit(3, 3e-3);
        Assert.True(Disagreement() < before, $"KL to the teacher went from {before:F4} to {Disagreement():F4}");
    }

    [Fact]
    public void A_teacher_for_other_classes_or_sizes_is_refused()
    {
        using var dir = new TempDir();
        using var student = Learner.Create(LearnerFixture.Colours(dir), "squeezenet1_1", Tiny, pretrained: false);
        using var threeClasses = ModelZoo.Create("squeezenet1_1", 3, pretrained: false);
        Assert.Throws<ArgumentException>(() => Distiller.Attach(student, threeClasses, student.Preprocessing, new DistillationLoss()));
        using var two = ModelZoo.Create("squeezenet1_1", 2, pretrained: false);
        Assert.Throws<ArgumentException>(() => Distiller.Attach(student, two, student.Preprocessing with { CropSize = 64 }, new DistillationLoss()));
    }
}
