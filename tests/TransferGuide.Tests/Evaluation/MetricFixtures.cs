namespace TransferGuide.Tests.Evaluation;

/// <summary>Small results whose metrics are worked out by hand in the tests.</summary>
internal static class MetricFixtures
{
    /// <summary>Two classes, six items; P(pos) = .9 .8 .4 | .6 .3 .1 for three positives then three negatives.</summary>
    public static ClassificationResult Binary()
    {
        float[] pos = [0.9f, 0.8f, 0.4f, 0.6f, 0.3f, 0.1f];
        return new ClassificationResult(["neg", "pos"], [1, 1, 1, 0, 0, 0],
            pos.SelectMany(p => new[] { 1 - p, p }).ToArray(), Enumerable.Range(0, 6).Select(i => $"/data/val/item{i}.jpg").ToArray());
    }

    /// <summary>
    /// Three classes, two items each; class c is never predicted. Predictions: a a | b a | a b.
    /// Item 5 ties a and c at 0.3 (a ranks first), so it is a top-2 miss.
    /// </summary>
    public static ClassificationResult ThreeClasses() => new(["a", "b", "c"], [0, 0, 1, 1, 2, 2],
        [
            0.7f, 0.2f, 0.1f,
            0.5f, 0.3f, 0.2f,
            0.2f, 0.6f, 0.2f,
            0.4f, 0.35f, 0.25f,
            0.5f, 0.2f, 0.3f,
            0.3f, 0.4f, 0.3f,
        ],
        ["/d/a/0.jpg", "/d/a/1.jpg", "/d/b/2.jpg", "/d/b/3,with comma.jpg", "/d/c/4.jpg", "/d/c/5.jpg"]);

    /// <summary>A result with the given labels and hard predictions (probability 0.9 on the prediction).</summary>
    public static ClassificationResult Hard(string[] classes, int[] labels, int[] predicted, string[]? paths = null)
    {
        int k = classes.Length;
        var probs = new float[labels.Length * k];
        for (int i = 0; i < labels.Length; i++)
            for (int c = 0; c < k; c++) probs[i * k + c] = c == predicted[i] ? 0.9f : 0.1f / (k - 1);
        return new ClassificationResult(classes, labels, probs, paths ?? labels.Select((_, i) => $"/d/{i}.jpg").ToArray());
    }
}
