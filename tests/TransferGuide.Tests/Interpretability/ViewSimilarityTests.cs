using static TorchSharp.torch;

namespace TransferGuide.Tests.Interpretability;

public class ViewSimilarityTests
{
    static ResNet Model() => TestModels.SeededResNet18(seed: 5, classes: 2);

    [Fact]
    public void Cosine_is_one_for_the_same_direction_zero_for_orthogonal_and_minus_one_for_opposite()
    {
        Assert.Equal(1, ViewSimilarity.Cosine([2f, 0f], [5f, 0f]), 12);
        Assert.Equal(0, ViewSimilarity.Cosine([1f, 0f], [0f, 3f]), 12);
        Assert.Equal(-1, ViewSimilarity.Cosine([1f, 2f], [-1f, -2f]), 12);
        Assert.Equal(0, ViewSimilarity.Cosine([0f, 0f], [1f, 2f]));
        Assert.Throws<ArgumentException>(() => ViewSimilarity.Cosine([1f], [1f, 2f]));
    }

    [Fact]
    public void Views_without_randomness_match_the_plain_image_and_random_views_are_repeatable()
    {
        using var dir = new TempDir();
        var path = dir.Scene("scene.png", seed: 1, width: 120, height: 90);
        using var model = Model();
        var p = ModelZoo.Spec(ModelZoo.ResNet18ImageNet).Preprocessing;

        var (plain, same) = ViewSimilarity.Of(model, path, p, Transforms.Eval(p), views: 2);
        Assert.Equal(model.FeatureSize, plain.Length);
        Assert.All(same, v => Assert.Equal(1, v.Cosine, 5));

        var first = ViewSimilarity.Of(model, path, p, Transforms.Strong(p), views: 3, seed: 7).Views;
        var again = ViewSimilarity.Of(model, path, p, Transforms.Strong(p), views: 3, seed: 7).Views;
        Assert.Equal(["view 1", "view 2", "view 3"], first.Select(v => v.View));
        Assert.Equal(first, again);
        Assert.All(first, v => Assert.InRange(v.Cosine, -1.0, 1.0 + 1e-9));
    }
}
