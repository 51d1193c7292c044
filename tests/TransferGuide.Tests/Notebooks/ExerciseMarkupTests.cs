namespace TransferGuide.Tests.Notebooks;

public class ExerciseMarkupTests
{
    static readonly string[] Cells =
    [
        "#!import ../notebooks/setup.dib",
        "// EXERCISE w04.head: Choose the head's options.\nHeadOptions myHead = headOptions;\n// BEGIN SOLUTION\nmyHead = headOptions with { LearningRate = 3e-3 };\n// END SOLUTION\nvar h = Train(myHead);",
        "Exercise.CheckRange(\"w04.head\", \"accuracy\", acc, 0.9, 1, \"hint\");",
    ];

    [Fact]
    public void Finds_each_exercise_with_its_instructions_and_check_cell()
    {
        var found = Assert.Single(ExerciseMarkup.Find(Cells));
        Assert.Equal(new ExerciseInfo("w04.head", 1, "Choose the head's options.", 2), found);
        Assert.Empty(ExerciseMarkup.Validate(Cells));
    }

    [Fact]
    public void Stripping_replaces_the_solution_region_and_keeps_everything_else()
    {
        var student = ExerciseMarkup.StripSolutions(Cells[1]);
        Assert.Equal(
            "// EXERCISE w04.head: Choose the head's options.\nHeadOptions myHead = headOptions;\nthrow Exercise.Todo(\"w04.head\");\nvar h = Train(myHead);",
            student);
    }

    [Fact]
    public void Validate_reports_a_missing_check_unbalanced_markers_and_bad_ids()
    {
        string[] cells =
        [
            "// EXERCISE w05.unfreeze: n?\n// BEGIN SOLUTION\nn = 2;",
            "// EXERCISE week5: x\n// BEGIN SOLUTION\n// END SOLUTION",
            "// BEGIN SOLUTION\n// END SOLUTION",
        ];
        var problems = ExerciseMarkup.Validate(cells);
        Assert.Contains(problems, p => p.Contains("w05.unfreeze has no Exercise.Check"));
        Assert.Contains(problems, p => p.StartsWith("cell 0:") && p.Contains("without // END SOLUTION"));
        Assert.Contains(problems, p => p.Contains("'week5' does not look like"));
        Assert.Contains(problems, p => p.StartsWith("cell 2:") && p.Contains("outside an exercise cell"));
    }

    [Fact]
    public void Duplicate_ids_are_reported()
    {
        string[] cells =
        [
            "// EXERCISE w01.a: one\n// BEGIN SOLUTION\n// END SOLUTION",
            "// EXERCISE w01.a: two\n// BEGIN SOLUTION\n// END SOLUTION",
            "Exercise.Check(\"w01.a\", true, \"h\");",
        ];
        Assert.Contains(ExerciseMarkup.Validate(cells), p => p.Contains("w01.a is used 2 times"));
    }
}
