using System.Diagnostics;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;
using TransferGuide.Training.Distillation;

namespace TransferGuide.Recipes;

/// <summary>What <see cref="DistillRecipe"/> trains.</summary>
/// <param name="Dataset">Catalog dataset name, or null with <paramref name="DataDir"/>.</param>
/// <param name="DataDir">A class-folder tree; overrides <paramref name="Dataset"/>.</param>
/// <param name="Teacher">Zoo id of the teacher (fine-tuned first).</param>
/// <param name="Student">Zoo id of the student.</param>
/// <param name="TeacherEpochs">Teacher epochs over all layers after one head epoch.</param>
/// <param name="StudentEpochs">Student epochs (both students, same seed, same batches).</param>
/// <param name="StudentLearningRate">Peak rate of the students' one-cycle schedule.</param>
/// <param name="StudentPretrained">Student ImageNet weights: true requires them, false trains from scratch, null uses them when cached.</param>
/// <param name="Loss">Alpha and temperature of the distillation loss.</param>
/// <param name="Learner">Batch size, image size, seed and the other knobs, shared by all three.</param>
public sealed record DistillOptions(string? Dataset = "hymenoptera_data", string? DataDir = null, string Teacher = ModelZoo.ResNet18ImageNet,
    string Student = "mobilenet_v2", int TeacherEpochs = 3, int StudentEpochs = 15, double StudentLearningRate = 3e-3,
    bool? StudentPretrained = null, DistillationLoss? Loss = null, LearnerOptions? Learner = null);

/// <summary>One trained network in the comparison.</summary>
/// <param name="Role">"teacher", "student alone" or "student with KD".</param>
/// <param name="Model">Zoo id.</param>
/// <param name="Accuracy">Held-out accuracy.</param>
/// <param name="Parameters">Parameters with this dataset's head.</param>
/// <param name="SizeMb">fp32 weights, MB.</param>
/// <param name="LatencyBatch1Ms">Median batch-1 CPU latency at the run's image size, ms.</param>
/// <param name="TrainSeconds">Training time.</param>
public sealed record DistillEntry(string Role, string Model, double Accuracy, long Parameters, double SizeMb, double LatencyBatch1Ms, double TrainSeconds);

/// <summary>Results of <see cref="DistillRecipe"/>, on one held-out split.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Split">The held-out split.</param>
/// <param name="ImageSize">Input side used by all three.</param>
/// <param name="StudentPretrained">Whether the students started from ImageNet weights.</param>
/// <param name="Alpha">Distillation alpha.</param>
/// <param name="Temperature">Distillation temperature.</param>
/// <param name="Entries">Teacher, student alone, student with KD.</param>
/// <param name="WallSeconds">Whole recipe.</param>
public sealed record DistillReport(string Dataset, string Split, int ImageSize, bool StudentPretrained, double Alpha, double Temperature,
    IReadOnlyList<DistillEntry> Entries, double WallSeconds);

/// <summary>
/// Fine-tunes a teacher, then trains the same student twice with the same seed and batches: once on the
/// labels alone, once with the teacher's soft targets (<see cref="Distiller"/>), and compares accuracy, size
/// and latency.
/// </summary>
public static class DistillRecipe
{
    /// <summary>Runs the recipe; <paramref name="log"/> receives one line per trained network.</summary>
    public static DistillReport Run(DistillOptions options, Action<string>? log = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var data = Datasets.Load(options.Dataset, options.DataDir, new DatasetLoadOptions(AllowDownload: false));
        var learnerOptions = options.Learner ?? LearnerOptions.Default with { ImageSize = 128 };
        var loss = options.Loss ?? new DistillationLoss();
        bool pretrained = options.StudentPretrained ?? ModelZoo.PretrainedAvailable(options.Student);
        var entries = new List<DistillEntry>();

        var teacherClock = Stopwatch.StartNew();
        using var teacher = Learner.Create(data, options.Teacher, learnerOptions);
        teacher.FineTune(options.TeacherEpochs, cancel: cancel);
        entries.Add(Entry("teacher", teacher, teacherClock.Elapsed.TotalSeconds));
        log?.Invoke(Describe(entries[^1]));

        foreach (bool withKd in new[] { false, true })
        {
            var studentClock = Stopwatch.StartNew();
            using var student = Learner.Create(data, options.Student, learnerOptions, pretrained: pretrained);
            if (withKd) Distiller.Attach(student, teacher.Model, teacher.Preprocessing, loss);
            if (pretrained) student.FineTune(options.StudentEpochs, cancel: cancel);
            else
            {
                student.Unfreeze();
                student.Fit(options.StudentEpochs, options.StudentLearningRate, cancel: cancel);
            }
            entries.Add(Entry(withKd ? "student with KD" : "student alone", student, studentClock.Elapsed.TotalSeconds));
            log?.Invoke(Describe(entries[^1]));
        }
        return new DistillReport(data.Name, teacher.EvaluationSplit, teacher.Preprocessing.CropSize, pretrained, loss.Alpha, loss.Temperature,
            entries, clock.Elapsed.TotalSeconds);
    }

    static DistillEntry Entry(string role, Learner learner, double seconds)
    {
        long parameters = learner.Model.parameters().Sum(p => p.numel());
        double latency = ModelCostBenchmark.LatencyMs(learner.Model, 1, learner.Preprocessing.CropSize);
        return new DistillEntry(role, learner.Architecture, learner.Evaluate().Accuracy, parameters, parameters * 4 / 1e6, latency, seconds);
    }

    static string Describe(DistillEntry e) =>
        $"{e.Role} ({e.Model}): {e.Accuracy:P1}, {e.Parameters / 1e6:F2} M parameters, {e.LatencyBatch1Ms:F1} ms at batch 1, trained in {e.TrainSeconds:F0} s";
}
