namespace TransferGuide.Tests.Recipes;

public class AutoRecipeTests
{
    static RunMetrics Metrics(string recipe, double val, double test) => new()
    {
        Dataset = "d", Model = "m", Recipe = recipe, Accuracy = test, EvaluationSplit = "test", WallSeconds = 1, ImagesPerSecond = 1,
        ValAccuracy = val, TestAccuracy = test,
    };

    [Fact]
    public void Auto_keeps_the_better_validation_accuracy_and_the_cheaper_recipe_on_a_tie_whatever_the_test_says()
    {
        var extract = Metrics("feature-extraction", 0.90, 0.70);
        Assert.Same(extract, AutoRecipe.Choose(extract, Metrics("finetune", 0.90, 0.99)));
        var better = Metrics("finetune", 0.95, 0.60);
        Assert.Same(better, AutoRecipe.Choose(extract, better));
    }

    [Fact]
    public void Auto_on_data_that_cannot_load_leaves_no_run_folder()
    {
        using var dir = new TempDir();
        var runs = dir.Combine("runs");
        Assert.Throws<DataLayoutException>(() => TrainRecipe.Run(new TrainOptions(DataDir: dir.Combine("missing"), Recipe: "auto", RunsRoot: runs)));
        Assert.False(Directory.Exists(runs));
    }
}
