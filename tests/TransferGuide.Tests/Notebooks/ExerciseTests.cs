namespace TransferGuide.Tests.Notebooks;

// One class: Exercise.Output and Exercise.Strict are process-wide, and xunit runs a class's tests one at a time.
[Collection(TransferGuide.Tests.Grading.PendingExercises.Name)] // the grading tests of "not done yet" share Exercise's settings
public sealed class ExerciseTests : IDisposable
{
    readonly StringWriter _out = new();

    public ExerciseTests() { Exercise.Output = _out; Exercise.Strict = false; }

    public void Dispose() { Exercise.Output = null; Exercise.Strict = null; }

    [Fact]
    public void A_passing_check_prints_PASS_with_the_success_message()
    {
        var result = Exercise.Check("w04.head", true, "hint", "accuracy 0.93");
        Assert.True(result.Passed);
        Assert.Equal("PASS w04.head: accuracy 0.93", _out.ToString().Trim());
    }

    [Fact]
    public void A_failing_check_prints_FAIL_with_the_hint_and_does_not_throw_for_students()
    {
        var result = Exercise.Check("w04.head", false, "Try a higher learning rate.");
        Assert.False(result.Passed);
        Assert.Equal("FAIL w04.head: Try a higher learning rate.", _out.ToString().Trim());
    }

    [Fact]
    public void In_strict_mode_a_failing_check_throws_so_the_cell_fails()
    {
        Exercise.Strict = true;
        var e = Assert.Throws<ExerciseFailedException>(() => Exercise.Check("w05.spread", false, "hint"));
        Assert.Equal("w05.spread", e.Result.Id);
        Assert.NotNull(Exercise.Check("w05.spread", true, "hint")); // passing checks never throw
    }

    [Fact]
    public void An_exercise_left_undone_reports_not_done_instead_of_a_stack_trace()
    {
        var result = Exercise.Check("w06.lr", () => throw Exercise.Todo("w06.lr"), "hint");
        Assert.False(result.Passed);
        Assert.Contains("not done yet", result.Message);
    }

    [Fact]
    public void A_check_that_throws_reports_the_exception_with_the_hint()
    {
        int[] empty = [];
        var result = Exercise.Check("w06.best", () => empty[0] == 1, "Sort the results first.");
        Assert.False(result.Passed);
        Assert.Contains("Sort the results first.", result.Message);
        Assert.Contains("IndexOutOfRangeException", result.Message);
    }

    [Theory]
    [InlineData(0.91, true)]
    [InlineData(0.80, false)]
    [InlineData(double.NaN, false)]
    public void CheckRange_accepts_values_inside_the_range_only(double actual, bool passed)
    {
        var result = Exercise.CheckRange("w04.head", "held-out accuracy", actual, 0.85, 1.0, "Train longer.");
        Assert.Equal(passed, result.Passed);
        if (!passed) Assert.Contains("expected in [0.85, 1]", result.Message);
    }

    [Theory]
    [InlineData("w4.head")]
    [InlineData("week04.head")]
    [InlineData("w04.Head")]
    [InlineData("w04head")]
    public void Malformed_ids_are_rejected(string id)
    {
        Assert.Throws<ArgumentException>(() => Exercise.Check(id, true, "hint"));
    }
}
