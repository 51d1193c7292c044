#:project ../src/TransferGuide/TransferGuide.csproj
// Week 10 · Ensembles, test-time augmentation and distillation
//
// This week's one source, in two forms:
// - a program:  dotnet run month3/week10-ensembles-and-distillation.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week10-ensembles-and-distillation.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 10 · Ensembles, test-time augmentation and distillation
//
// **Goal.** Push past a single model, and then make the result small again. Several models that disagree on
// different images are more accurate together than alone (an **ensemble**); one model shown several views of
// each image is a cheap ensemble of its own (**test-time augmentation**, TTA); and a big accurate model can
// teach a small one to imitate it (**knowledge distillation**), so you can deploy something fast.
//
// **The experiment.** First the bill: what each network in the kit's zoo costs in parameters, arithmetic and
// time on this machine. Then three ResNet18s fine-tuned on Oxford Flowers 17 with different seeds, their
// average, TTA, and a snapshot ensemble that costs one training run. Last, the best member teaches a small
// MobileNetV3-Small trained from scratch, against the same student trained on the labels alone.

// %%
var course = Course.Start("week10");
// Three members, snapshots and two students train below, so quick mode keeps 4 images per class and split.
var data = course.Dataset("oxford_flowers17", quickImagesPerClass: 4);
// 160 px keeps full mode near 20 minutes on two CPU cores; tg ensemble runs the same recipe at 224 px.
// Quick mode's small batches give each epoch several steps.
var options = course.Options(new LearnerOptions { ImageSize = 160, BatchSize = course.Pick(32, 8) });
int epochs = course.Pick(3, 1);
Console.WriteLine($"{data.Classes.Count} classes, {data.Split("train").Count} training and {data.Split("test").Count} test images, {options.ImageSize} px");

// %% [markdown]
// ## 1. What each model costs
//
// `ModelCostBenchmark.Measure` builds a network, counts its multiply-accumulates (MACs) with forward hooks on
// every convolution, linear and BatchNorm layer (reading the real shapes, not a paper's table), and times
// eval-mode forward passes at batch 1 and a larger batch on this CPU. `tg models` prints the same table for
// every model, each in its own process.

// %%
var zoo = course.Pick(ModelZoo.Available.Select(s => s.Id).ToArray(), new[] { "resnet18_imagenet", "mobilenet_v3_small", "squeezenet1_1" });
var costOptions = course.Pick(new ModelCostOptions(ImageSize: 160, BatchSize: 8, Repeats: 3), new ModelCostOptions(ImageSize: 112, BatchSize: 4, Repeats: 2));
var costs = zoo.Select(id => ModelCostBenchmark.Measure(id, costOptions)).ToList();
course.Show(costs.Select(c => new { c.Id, ParametersM = Math.Round(c.Parameters / 1e6, 2), c.SizeMb, GMacs = Math.Round(c.GMacs, 3), LatencyMs = Math.Round(c.LatencyBatch1Ms, 1), ImagesPerSecond = Math.Round(c.ImagesPerSecond, 1) }).ToList());

// %%
course.Show(ModelCostChart.Create(costs));

// %% [markdown]
// **What the table shows.** Parameters decide the download and the memory; MACs decide the arithmetic, and
// on a CPU latency follows MACs only roughly: depthwise convolutions (MobileNets, EfficientNet) do little
// arithmetic per byte they move, so they run slower than their MAC count suggests. `tg models --quick` at
// 224 px counted 2.05 GMACs for `resnet18_imagenet` (its extra layer4 block adds 0.23 to torchvision's
// ResNet18, 1.81), 0.30 for MobileNetV2, 0.057 for MobileNetV3-Small and 0.35 for SqueezeNet 1.1. In the
// same run (timed beside another job, so compare within the table), a batch of 8 took 253 ms on ResNet18,
// 256 ms on MobileNetV2 despite its 6x fewer MACs, and 78 ms on MobileNetV3-Small.

// %%
// EXERCISE w10.fewest-macs: From the table, how many times fewer multiply-accumulates per image does the cheapest model need than resnet18_imagenet? Write the ratio.
double macRatio = 0;
// BEGIN SOLUTION
macRatio = costs.Single(c => c.Id == "resnet18_imagenet").GMacs / costs.Min(c => c.GMacs);
// END SOLUTION

// %%
double expectedRatio = costs.Single(c => c.Id == "resnet18_imagenet").GMacs / costs.Min(c => c.GMacs);
Exercise.Check("w10.fewest-macs", Math.Abs(macRatio - expectedRatio) < 0.05 * expectedRatio,
    "Divide resnet18_imagenet's GMacs by the smallest GMacs in the table.", $"{expectedRatio:F0}x fewer MACs");

// %% [markdown]
// ## 2. Three members and their average
//
// Each member is the week-5 recipe (`FineTune`: one epoch for the head, then every layer at discriminative
// rates) with its own seed, which changes the head's initialisation, the batch order and the augmentation.

// %%
var members = new List<(int Seed, Learner Learner, ClassificationResult Result)>();
foreach (var seed in new[] { 1, 2, 3 })
{
    var learner = course.Learner(data, options with { Seed = seed });
    learner.FineTune(epochs);
    members.Add((seed, learner, learner.Evaluate()));
    Console.WriteLine($"member seed {seed}: {members[^1].Result.Accuracy:P1} on {members[^1].Result.Count} test images");
}

// %%
var best = members.MaxBy(m => m.Result.Accuracy);
var average = ProbabilityEnsemble.Combine(members.Select(m => m.Result).ToList());
var tta = members.Select(m => TtaEnsemble.Evaluate(m.Learner, TtaViews.Flip).Averaged).ToList();
var averageTta = ProbabilityEnsemble.Combine(tta);
course.Show(ResultsChart.Bars(members.Select(m => ($"member seed {m.Seed}", m.Result.Accuracy))
    .Append(($"best member + flip TTA", tta[members.IndexOf(best)].Accuracy))
    .Append(("average of 3", average.Accuracy))
    .Append(("average of 3 + flip TTA", averageTta.Accuracy)), title: "Single models, TTA and the ensemble (test split)"));

// %% [markdown]
// **What the chart shows.** Averaging probabilities helps when members make *different* mistakes; with one
// architecture and one recipe they agree on most images, so the gain is small or none. Measured at full size
// with `tg ensemble --dataset oxford_flowers17 --seeds 1,2,3 --epochs 5 --image-size 224 --tta flip --snapshots 3`
// (this section's recipe at 224 px, 272 test images, where one image is 0.37 points; 39 minutes on 2 CPU
// cores): the members scored 97.4, 97.1 and 97.8%; their average 97.4%, and 97.8% with flip TTA. The
// ensemble did **not** beat its best member: all three got nearly the same few images wrong. Flip TTA moved
// single members by one or two images either way (98.2, 96.7, 97.8%). Always compare against the **best**
// member, not the average one: that is what you would ship otherwise.

// %%
// EXERCISE w10.average: Two members give one image these class probabilities. Write the ensemble's averaged probabilities.
float[] memberA = { 0.6f, 0.3f, 0.1f };
float[] memberB = { 0.2f, 0.7f, 0.1f };
float[] averaged = { 0, 0, 0 };
// BEGIN SOLUTION
averaged = memberA.Zip(memberB, (a, b) => (a + b) / 2).ToArray();
// END SOLUTION

// %%
var reference = ProbabilityEnsemble.Average(new[] { memberA, memberB });
Exercise.Check("w10.average", averaged.Length == 3 && averaged.Zip(reference, (a, r) => Math.Abs(a - r)).Max() < 1e-6,
    "Add the two members' probabilities class by class and halve them; the result still sums to 1.",
    $"the ensemble says class {Array.IndexOf(reference, reference.Max())}, which member A alone got wrong");

// %% [markdown]
// ## 3. A snapshot ensemble: several members for the price of one
//
// Cosine annealing with warm restarts (week 9) ends each cycle at a low rate in a different minimum. Keeping
// the model at the end of every cycle gives members for free (Huang et al., 2017). Here the best member goes
// on for a few short cycles.

// %%
var snapshots = SnapshotEnsemble.Train(best.Learner, new SnapshotOptions(Cycles: course.Pick(3, 2), EpochsPerCycle: 1, LearningRate: 5e-4));
course.Show(ResultsChart.Bars(snapshots.Snapshots.Select((s, i) => ($"snapshot {i + 1}", s.Accuracy))
    .Append(("snapshot ensemble", snapshots.Ensemble.Accuracy)), title: "Snapshots of one run and their average"));

// %% [markdown]
// **What the chart shows.** Snapshots of one run are more alike than independently trained members, so they
// usually gain less from averaging; in exchange they cost no extra training. In the full-size run above, three
// one-epoch cycles after seed 1 gave 95.6, 97.1 and 96.7%, averaged 97.4%: the same as the member they
// started from. If every snapshot is the same, the restarts were too gentle: raise the learning rate.
//
// ## 4. Distillation: the best member teaches a small student
//
// `DistillationLoss(alpha, T)` is `alpha·T²·KL(teacher‖student) + (1−alpha)·cross-entropy`, on logits
// softened by the temperature T: the teacher's "this daisy looks a little like a dandelion" carries more
// information than the label alone. The same MobileNetV3-Small trains twice from scratch, with the same seed
// and batches: once on the labels, once with the teacher (`Distiller.Attach`). The teacher is the best member
// as its snapshot cycles left it; the table below measures it as it is now.

// %%
var students = new List<(string Role, Learner Learner)>();
foreach (bool withTeacher in new[] { false, true })
{
    var student = course.Learner(data, options with { Seed = 7 }, architecture: "mobilenet_v3_small", pretrained: false);
    if (withTeacher) Distiller.Attach(student, best.Learner.Model, best.Learner.Preprocessing, new DistillationLoss(Alpha: 0.7, Temperature: 4));
    student.Unfreeze();
    student.Fit(course.Pick(12, 2), lr: 3e-3);
    students.Add((withTeacher ? "student with KD" : "student alone", student));
}
var rows = new[] { ("teacher (best member)", best.Learner) }.Concat(students).Select(s => new
{
    s.Item1, Model = s.Item2.Architecture, Accuracy = Math.Round(s.Item2.Evaluate().Accuracy, 3),
    ParametersM = Math.Round(s.Item2.Model.parameters().Sum(p => p.numel()) / 1e6, 2),
    LatencyMs = Math.Round(ModelCostBenchmark.LatencyMs(s.Item2.Model, 1, s.Item2.Preprocessing.CropSize), 1),
}).ToList();
course.Show(rows);

// %%
course.Show(ResultsChart.Bars(rows.Select(r => (r.Item1, r.Accuracy)), title: "Teacher, student alone, student with KD"));

// %% [markdown]
// **What the table shows.** A student trained from scratch on a thousand images is far below a pretrained
// teacher, whatever the loss: distillation narrows the gap, it does not close it. Measured at this notebook's
// full-mode settings with `tg distill --dataset oxford_flowers17 --student mobilenet_v3_small --scratch
// --image-size 160 --teacher-epochs 3 --student-epochs 12` (its teacher trains inside the command): teacher
// 95.6%, student alone 15.1%, student with KD 19.1% (11 more test images right), for a model with a tenth of
// the parameters (1.54 M against 15.9 M) that answers in 6–7 ms instead of 22 ms at batch 1. Twelve epochs
// are far too few for a network that starts from random weights; with ImageNet weights for the student
// (`pretrained: true`, when the torchvision file is on disk) both students start much higher.

// %%
// EXERCISE w10.soften: The teacher's logits for one image are { 4, 1, 0 }. Write softmax(logits / T) for temperature T = 4.
double[] logits = { 4, 1, 0 };
double[] softened = { 0, 0, 0 };
// BEGIN SOLUTION
var scaled = logits.Select(z => Math.Exp(z / 4)).ToArray();
softened = scaled.Select(e => e / scaled.Sum()).ToArray();
// END SOLUTION

// %%
var expected = logits.Select(z => Math.Exp(z / 4)).ToArray();
expected = expected.Select(e => e / expected.Sum()).ToArray();
Exercise.Check("w10.soften", softened.Length == 3 && softened.Zip(expected, (a, b) => Math.Abs(a - b)).Max() < 1e-6,
    "Divide every logit by T, take exp, and divide each by their sum.",
    $"at T = 4 the runner-up keeps {expected[1]:P0} (at T = 1 it would be {Math.Exp(1) / (Math.Exp(4) + Math.Exp(1) + 1):P0})");

// %%
foreach (var m in members) m.Learner.Dispose();
foreach (var s in students) s.Learner.Dispose();

// %% [markdown]
// ## Soft voting by hand
//
// An ensemble averages its members' probabilities and predicts the class with the highest mean.

// %%
// EXERCISE w10.vote (3 points): Write SoftVote(members): members[m][i][c] is member m's probability of class c for item i; return, per item, the class with the highest mean probability (the smallest class on a tie).
int[] SoftVote(double[][][] members)
{
    // BEGIN SOLUTION
    int items = members[0].Length, classes = members[0][0].Length;
    var votes = new int[items];
    for (int i = 0; i < items; i++)
    {
        int best = 0;
        double bestMean = double.NegativeInfinity;
        for (int c = 0; c < classes; c++)
        {
            double mean = members.Average(m => m[i][c]);
            if (mean > bestMean) { bestMean = mean; best = c; }
        }
        votes[i] = best;
    }
    return votes;
    // END SOLUTION
}

// %%
Exercise.Check("w10.vote", () => SoftVote([[[0.9, 0.1]], [[0.2, 0.8]], [[0.3, 0.7]]]).SequenceEqual([1]),
    "Average each class's probability over the members, then take the largest.");
// BEGIN HIDDEN TESTS
var voteRandom = new Random(1010);
Exercise.Check("w10.vote", () =>
    SoftVote([[[0.5, 0.5], [0.1, 0.9]]]).SequenceEqual([0, 1])
    && SoftVote([[[0.7, 0.3]], [[0.3, 0.7]]]).SequenceEqual([0])
    && SoftVote([[[0.6, 0.2, 0.2]], [[0.0, 0.2, 0.8]], [[0.0, 0.9, 0.1]]]).SequenceEqual([1])
    && Enumerable.Range(0, 100).All(_ =>
    {
        int m = 1 + voteRandom.Next(5), n = 1 + voteRandom.Next(20), k = 2 + voteRandom.Next(6);
        var probs = Enumerable.Range(0, m).Select(a => Enumerable.Range(0, n).Select(b => Enumerable.Range(0, k).Select(c => (double)voteRandom.Next(4)).ToArray()).ToArray()).ToArray();
        var got = SoftVote(probs);
        return got.Length == n && Enumerable.Range(0, n).All(i =>
        {
            var means = Enumerable.Range(0, k).Select(c => probs.Sum(p => p[i][c])).ToArray();
            return got[i] == Array.IndexOf(means, means.Max());
        });
    }),
    "Ties (the smallest class wins), one member, many classes: the mean decides, not each member's own vote.");
// END HIDDEN TESTS

// %% [markdown]
// ## What to try
// - Ensemble different architectures instead of seeds (`course.Learner(data, options, architecture: "mobilenet_v2")`):
//   members that disagree more gain more from averaging.
// - Weight the members (`ProbabilityEnsemble.Combine(results, weights)`) by their log loss on a *validation*
//   split (`ProbabilityEnsemble.WeightsFromLogLoss`), never on the test split you report.
// - Five-crop TTA (`TtaViews.FiveCrop`): more views, more forward passes; does it still help?
// - Distillation: vary `Temperature` (1, 2, 4, 8) and `Alpha`. With T = 1 and alpha = 1 the student copies
//   the teacher's hard opinions; what happens to its accuracy?
