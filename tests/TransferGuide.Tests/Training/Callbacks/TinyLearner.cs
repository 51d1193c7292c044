using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Tests.Training.Callbacks;

/// <summary>
/// A learner that is not about images: a six-group MLP on synthetic float batches (3 × 4 × 4 per item, so mixing can
/// treat them as tiny images) whose class is the sign of the first value. Fast enough to build in every test.
/// </summary>
internal static class TinyLearner
{
    public const int Side = 4;

    public static Learner Create(LearnerOptions? options = null, int items = 24, int seed = 1)
    {
        torch.manual_seed(seed);
        return new Learner(new Mlp(3 * Side * Side, 2), ["negative", "positive"], new ArraySource(items, seed), new ArraySource(items / 2, seed + 1),
            options ?? new LearnerOptions { BatchSize = 4, Seed = seed });
    }

    /// <summary>A context for one epoch of <paramref name="learner"/>, as the loop makes it, with an SGD optimiser.</summary>
    public static LoopContext Context(Learner learner, params LearnerCallback[] callbacks) =>
        new(learner, new TransferGuide.Training.Optimizers.SGD(learner.Model.parameters(), 0.1), callbacks, batches: 3,
            new TrainingState { Plan = [new TrainingPhase("test", 1, 0, 0.1)], Options = learner.Options });

    /// <summary>Items whose label is whether the first value is positive.</summary>
    public sealed class ArraySource(int count, int seed) : IBatchSource
    {
        const int Size = 3 * Side * Side;
        readonly float[] _values = Values(count, seed);

        public int Count => count;
        public IReadOnlyList<int> Labels => Enumerable.Range(0, count).Select(i => _values[i * Size] > 0 ? 1 : 0).ToArray();

        public IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0)
        {
            for (int start = skipBatches * batchSize; start < order.Length; start += batchSize)
            {
                var indices = order[start..Math.Min(order.Length, start + batchSize)];
                var values = indices.SelectMany(i => _values.AsSpan(i * Size, Size).ToArray()).ToArray();
                yield return new Batch(new FloatInputs(values, [indices.Length, 3, Side, Side]), indices,
                    indices.Select(i => Labels[i]).ToArray(), indices.Select(i => $"item{i}").ToArray());
            }
        }

        public void Dispose() { }

        static float[] Values(int count, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, count * Size).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        }
    }

    /// <summary>Flatten, a stem, four hidden layers and a head: the six layer groups every zoo model has.</summary>
    public sealed class Mlp : ZooModel
    {
        readonly Linear stem, l1, l2, l3, l4, fc;
        readonly int _inputs, _classes;

        public Mlp(int inputs, int classes) : base("mlp")
        {
            _inputs = inputs; _classes = classes;
            stem = Linear(inputs, 8); l1 = Linear(8, 8); l2 = Linear(8, 8); l3 = Linear(8, 8); l4 = Linear(8, 8); fc = Linear(8, classes);
            RegisterComponents();
        }

        public override int FeatureSize => 8;
        public override int NumClasses => _classes;
        public override Module Classifier => fc;

        public override Tensor Features(Tensor x)
        {
            var h = functional.relu(stem.call(x.flatten(1)));
            foreach (var layer in new[] { l1, l2, l3, l4 }) h = functional.relu(layer.call(h));
            return h;
        }

        public override Tensor Head(Tensor features) => fc.call(features);

        public override IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> LayerGroups() =>
            [("stem", [stem]), ("l1", [l1]), ("l2", [l2]), ("l3", [l3]), ("l4", [l4]), ("head", [fc])];

        public override ZooModel NewUntrained() => new Mlp(_inputs, _classes);
    }
}
