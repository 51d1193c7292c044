namespace TransferGuide.Tests.Ensembles;

public class ProbabilityEnsembleTests
{
    static readonly string[] Classes = ["a", "b"];
    static readonly string[] Paths = ["x1", "x2", "x3"];
    static readonly int[] Labels = [0, 1, 1];

    // Three members on three items; each gets one item wrong, and the average gets all three right.
    static readonly float[] M1 = [0.9f, 0.1f, 0.6f, 0.4f, 0.2f, 0.8f]; // wrong on item 2
    static readonly float[] M2 = [0.4f, 0.6f, 0.3f, 0.7f, 0.1f, 0.9f]; // wrong on item 1
    static readonly float[] M3 = [0.7f, 0.3f, 0.2f, 0.8f, 0.55f, 0.45f]; // wrong on item 3

    static ClassificationResult R(float[] p) => new(Classes, Labels, p, Paths);

    [Fact]
    public void Mean_of_probabilities_matches_a_hand_computation_and_beats_every_member()
    {
        var avg = ProbabilityEnsemble.Average([M1, M2, M3]);
        // Item 1: (0.9 + 0.4 + 0.7) / 3 = 0.6667 for "a"; item 2: (0.4 + 0.7 + 0.8) / 3 = 0.6333 for "b";
        // item 3: (0.8 + 0.9 + 0.45) / 3 = 0.7167 for "b".
        float[] expected = [2.0f / 3, 1.0f / 3, 1.1f / 3, 1.9f / 3, 0.85f / 3, 2.15f / 3];
        Assert.Equal(expected, avg, new FloatTolerance(1e-6f));

        var members = new[] { R(M1), R(M2), R(M3) };
        Assert.All(members, m => Assert.Equal(2.0 / 3, m.Accuracy, 6));
        Assert.Equal(1.0, ProbabilityEnsemble.Combine(members).Accuracy);
    }

    [Fact]
    public void Weights_are_normalised_and_applied_per_member()
    {
        // Weights 2:1:1 → 0.5, 0.25, 0.25. Item 3 "a": 0.5·0.2 + 0.25·0.1 + 0.25·0.55 = 0.2625.
        var avg = ProbabilityEnsemble.Average([M1, M2, M3], [2, 1, 1]);
        Assert.Equal(0.2625f, avg[4], 6);
        Assert.Equal(0.5f * 0.9f + 0.25f * 0.4f + 0.25f * 0.7f, avg[0], 6);
        // Weight on one member only reproduces it.
        Assert.Equal(M2, ProbabilityEnsemble.Average([M1, M2, M3], [0, 5, 0]), new FloatTolerance(1e-7f));
        Assert.Throws<ArgumentException>(() => ProbabilityEnsemble.Average([M1, M2], [1, -1]));
        Assert.Throws<ArgumentException>(() => ProbabilityEnsemble.Average([M1, M2], [1]));
    }

    [Fact]
    public void Members_on_different_items_are_refused()
    {
        var other = new ClassificationResult(Classes, Labels, M2, ["y1", "y2", "y3"]);
        Assert.Throws<ArgumentException>(() => ProbabilityEnsemble.Combine([R(M1), other]));
    }

    [Fact]
    public void Log_loss_weights_favour_the_confident_correct_member()
    {
        // Mean NLL of M1: -(ln 0.9 + ln 0.4 + ln 0.8)/3; weights are softmax(-NLL).
        double nll1 = -(Math.Log(0.9) + Math.Log(0.4) + Math.Log(0.8)) / 3;
        double nll2 = -(Math.Log(0.4) + Math.Log(0.7) + Math.Log(0.9)) / 3;
        Assert.Equal(nll1, ProbabilityEnsemble.LogLoss(R(M1)), 6);
        var w = ProbabilityEnsemble.WeightsFromLogLoss([R(M1), R(M2)]);
        Assert.Equal(1.0, w.Sum(), 9);
        Assert.Equal(Math.Exp(-nll1) / (Math.Exp(-nll1) + Math.Exp(-nll2)), w[0], 6);
    }

    sealed class FloatTolerance(float eps) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= eps;
        public int GetHashCode(float obj) => 0;
    }
}
