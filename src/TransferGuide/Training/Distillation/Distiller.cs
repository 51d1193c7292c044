using TorchSharp;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

using static TorchSharp.torch;

namespace TransferGuide.Training.Distillation;

/// <summary>
/// Trains a student <see cref="Learner"/> against a teacher's soft targets: each training batch the student
/// sees (augmented as usual) is converted to the teacher's preprocessing and run through the frozen teacher,
/// and the student minimises the <see cref="DistillationLoss"/>.
/// </summary>
public static class Distiller
{
    /// <summary>
    /// Makes <paramref name="student"/> learn from <paramref name="teacher"/> until <see cref="Detach"/>. The teacher
    /// must have been trained on the same classes in the same order and take the same input size.
    /// </summary>
    /// <param name="student">The learner to train (its own preprocessing prepares the batches).</param>
    /// <param name="teacher">A trained network; it stays in eval mode and is never updated.</param>
    /// <param name="teacherPreprocessing">How the teacher's inputs were prepared (from its checkpoint).</param>
    /// <param name="loss">Alpha and temperature.</param>
    public static void Attach(Learner student, ZooModel teacher, Preprocessing teacherPreprocessing, DistillationLoss loss)
    {
        if (teacher.NumClasses != student.Classes.Count)
            throw new ArgumentException($"The teacher has {teacher.NumClasses} outputs but the student's data has {student.Classes.Count} classes.", nameof(teacher));
        if (teacherPreprocessing.CropSize != student.Preprocessing.CropSize)
            throw new ArgumentException(
                $"The teacher takes {teacherPreprocessing.CropSize} px inputs and the student {student.Preprocessing.CropSize} px; " +
                "train both at the same ImageSize.", nameof(teacherPreprocessing));
        foreach (var p in teacher.parameters()) p.requires_grad = false;
        var studentPreprocessing = student.Preprocessing;
        student.Loss = (logits, labels, inputs) =>
        {
            teacher.eval();
            Tensor teacherLogits;
            using (no_grad())
                teacherLogits = teacher.call(PreprocessingConversion.Convert(inputs, studentPreprocessing, teacherPreprocessing)).to(ScalarType.Float32);
            return loss.Sum(logits, teacherLogits, labels);
        };
    }

    /// <summary>Puts the student back on plain cross-entropy.</summary>
    public static void Detach(Learner student) => student.Loss = null;
}
