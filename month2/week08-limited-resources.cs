#:project ../src/TransferGuide/TransferGuide.csproj
// Week 8 · Limited resources: small batches, accumulation, mixed precision, surviving a disconnect
//
// This week's one source, in two forms:
// - a program:  dotnet run month2/week08-limited-resources.cs   (set TRANSFERGUIDE_QUICK=1 for the short version)
// - a notebook: week08-limited-resources.ipynb, written from this file by `tg course build`; do not edit it by hand.
// A "// %%" line starts a code cell and "// %% [markdown]" a narrative cell (see notebooks/README.md).

// %% [markdown]
// # Week 8 · Limited resources: small batches, accumulation, mixed precision, surviving a disconnect
//
// **Goal.** Train well on a laptop or a free cloud tier: little memory, a slow processor, and a session that
// can drop at any time. Four tools: smaller batches, gradient accumulation (several small batches behave like
// one large one), mixed precision (16-bit arithmetic where it is safe), and checkpoints that let a run carry
// on exactly where it stopped.
//
// **The experiment.** Fine-tune the top of a ResNet18 on ants vs bees with batch 32, batch 8, and batch 8
// accumulated 4 times; time an epoch in fp32 and in bf16; then cut a run short on purpose and resume it.

// %%
var course = Course.Start("week08");
// Several learners train below, so quick mode keeps 8 images per class and split.
var data = course.Dataset("hymenoptera_data", quickImagesPerClass: 8);
int epochs = course.Pick(3, 1);

// %% [markdown]
// ## 1. Small batches and gradient accumulation
//
// Memory grows with the batch: activations of every image in it are kept for the backward pass. Batch 8 needs
// about a quarter of batch 32's activation memory, but takes 4x as many optimiser steps of noisier gradients.
// Accumulating the gradients of 4 micro-batches before each step gives batch 32's updates at batch 8's memory.

// %%
// EXERCISE w08.accumulate: With micro-batches of 8 images, how many accumulation steps give an effective batch of 32?
int accumulationSteps = 1;
// BEGIN SOLUTION
accumulationSteps = 4;
// END SOLUTION

// %%
Exercise.Check("w08.accumulate", 8 * accumulationSteps == 32,
    "Effective batch = BatchSize x Optimizer.AccumulationSteps.", "8 x 4 = 32 images per optimiser step");

// %%
var runs = new List<(string Name, MetricsHistory History, long Steps)>();
foreach (var (name, options) in new[]
{
    ("batch 32", new LearnerOptions { BatchSize = 32 }),
    ("batch 8", new LearnerOptions { BatchSize = 8 }),
    ($"batch 8 x {accumulationSteps} accumulated", new LearnerOptions { BatchSize = 8, Optimizer = new() { AccumulationSteps = accumulationSteps } }),
})
{
    using var learner = course.Learner(data, options);
    learner.UnfreezeTop(2);
    Console.WriteLine($"-- {name}: {learner.StepsPerEpoch} optimiser steps per epoch");
    runs.Add((name, learner.Fit(epochs, lr: 1e-3), learner.StepsPerEpoch));
}
course.Show(ResultsChart.Bars(runs.Select(r => (r.Name, r.History.Last?.ValidAccuracy ?? 0)), title: "Held-out accuracy by batch setup"));

// %% [markdown]
// **What the chart shows.** Batch 32 and "8 accumulated 4 times" take the same number of optimiser steps and
// land close together (the kit's tests check that they give the same gradients); plain batch 8 takes 4x the
// steps. On a GPU, the accumulated run fits where batch 32 would not.

// %% [markdown]
// ## 2. Mixed precision
//
// bf16 keeps fp32's range with fewer mantissa bits; the kit keeps an fp32 master copy of the weights, so
// small updates are not lost. Processors with bf16 instructions (recent x86 with AVX512-BF16, recent GPUs)
// run it up to twice as fast; others may run it slower. Measure, don't assume.

// %%
var precisionRuns = new List<(string Name, double Seconds, double Accuracy)>();
foreach (var precision in new[] { Precision.Float32, Precision.BFloat16 })
{
    using var learner = course.Learner(data, new LearnerOptions { BatchSize = 16, Performance = new() { Precision = precision } });
    learner.UnfreezeTop(2);
    var history = learner.Fit(1, lr: 1e-3);
    precisionRuns.Add((precision.ToString(), history.Last!.Seconds, history.Last!.ValidAccuracy ?? 0));
}
course.Show(ResultsChart.Bars(precisionRuns.Select(r => (r.Name, r.Seconds)), valueTitle: "seconds per epoch", title: "One epoch, fp32 vs bf16"));

// %% [markdown]
// ## 3. Checkpoint, disconnect, resume
//
// With `CheckpointPath` set, the learner writes a checkpoint after every epoch and when it is stopped. The
// checkpoint holds everything needed to go on: weights, optimiser state, the position in the schedule, the
// random state. Below, a "disconnect" (a cancellation) hits early in the second epoch; then a *new* learner is
// built from the file and finishes the plan.

// %%
var checkpoint = Path.Combine(course.RunFolder, "resume.tgck");
if (File.Exists(checkpoint)) File.Delete(checkpoint);
int planned = 2;
var disconnect = new CancellationTokenSource();
var first = course.Learner(data, new LearnerOptions { BatchSize = 8, CheckpointPath = checkpoint });
first.EpochProgress = new ActionProgress<EpochMetrics>(e => { Console.WriteLine(ProgressLine.Format(e)); disconnect.Cancel(); });
first.UnfreezeTop(2);
try { first.Fit(planned, lr: 1e-3, cancel: disconnect.Token); }
catch (OperationCanceledException) { Console.WriteLine($"disconnected during epoch {first.Epoch + 1}; checkpoint on disk: {File.Exists(checkpoint)}"); }
first.Dispose();

// %%
// EXERCISE w08.resume: Rebuild a learner from the checkpoint (Learner.Resume) and finish the interrupted plan (Continue).
Learner resumed = null!;
// BEGIN SOLUTION
resumed = Learner.Resume(checkpoint, data);
resumed.EpochProgress = course.Progress.Epochs;
resumed.Continue();
// END SOLUTION

// %%
Exercise.Check("w08.resume", () => resumed.Epoch == planned && resumed.History.Epochs.Count == planned,
    "Learner.Resume(path, data) rebuilds the learner; learner.Continue() runs the rest of the saved plan.",
    $"resumed and finished all {planned} epochs");
course.Show(TrainingCurves.Create(resumed.History, "The interrupted run, resumed: one history"));

// %% [markdown]
// **What the chart shows.** One continuous history across the disconnect: epoch 1 from the first process,
// epoch 2 from the resumed one. The kit's tests check that a resumed run ends with the same weights as one that
// never stopped.

// %%
resumed.Dispose();

// %% [markdown]
// ## Splitting a batch that does not fit
//
// When a batch of 32 does not fit in memory, accumulate gradients over smaller pieces. Pieces of equal size
// keep every step's gradient on the same scale.

// %%
// EXERCISE w08.split (3 points): Write MicroBatches(batch, maxMicro): the fewest pieces of at most maxMicro items that add up to batch, sizes as equal as possible (they differ by at most 1), larger ones first.
int[] MicroBatches(int batch, int maxMicro)
{
    // BEGIN SOLUTION
    int pieces = (batch + maxMicro - 1) / maxMicro;
    return Enumerable.Range(0, pieces).Select(i => batch / pieces + (i < batch % pieces ? 1 : 0)).ToArray();
    // END SOLUTION
}

// %%
Exercise.Check("w08.split", () => MicroBatches(32, 8).SequenceEqual([8, 8, 8, 8]),
    "32 items, at most 8 at a time.");
// BEGIN HIDDEN TESTS
Exercise.Check("w08.split", () =>
    MicroBatches(10, 4).SequenceEqual([4, 3, 3]) && MicroBatches(5, 8).SequenceEqual([5]) && MicroBatches(7, 1).SequenceEqual([1, 1, 1, 1, 1, 1, 1])
    && Enumerable.Range(1, 200).All(b => Enumerable.Range(1, 40).All(m =>
    {
        var p = MicroBatches(b, m);
        return p.Sum() == b && p.All(x => x >= 1 && x <= m) && p.Length == (b + m - 1) / m && p.Max() - p.Min() <= 1
            && p.SequenceEqual(p.OrderByDescending(x => x));
    })),
    "Batches that do not divide evenly: fewest pieces, sizes within 1 of each other, larger first.");
// END HIDDEN TESTS

// %% [markdown]
// ## What to try
// - On a GPU tier, raise the batch until memory runs out, then use accumulation to go further.
// - `Precision.Float16` (CUDA only) uses loss scaling: compare it with bf16.
// - `tg train --resume runs/<id>` resumes from the command line the same way.
// - Memory layout is free speed on a CPU: the learner trains its convolutions channels-last (NHWC) there by
//   default, which oneDNN computes without reordering every activation. On 2 cores the default ants/bees
//   fine-tune took 136-157 s instead of 179-187 s, at the same accuracy. Time `new LearnerOptions { Performance = new() { ChannelsLast = false } }`
//   against the default, or run `tg train --layout nchw`.
