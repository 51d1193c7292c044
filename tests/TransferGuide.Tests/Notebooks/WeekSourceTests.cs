using System.Text.Json.Nodes;

namespace TransferGuide.Tests.Notebooks;

/// <summary>The cell-marked week format and the notebook written from it.</summary>
public class WeekSourceTests
{
    const string Sample = """
        #:project ../src/TransferGuide/TransferGuide.csproj
        // A header comment, for the program only.

        // %% [markdown]
        // # Week 99 · A title
        //
        // Some *narrative*.

        // %%
        var course = Course.Start("week99");

        // %% [markdown]
        // ## Part 1

        // %%
        var x = 1;
        // a comment inside a code cell stays
        course.Show(x);
        """;

    static WeekSource Parse(string text = Sample) => WeekSource.Parse(text, "/course/month9/week99-sample.cs");

    [Fact]
    public void Cells_are_split_at_markers_and_markdown_loses_its_comment_prefix()
    {
        var source = Parse();
        Assert.Equal("week99", source.Week);
        Assert.Equal([CellKind.Markdown, CellKind.Code, CellKind.Markdown, CellKind.Code], source.Cells.Select(c => c.Kind));
        Assert.Equal("# Week 99 · A title\n\nSome *narrative*.", source.Cells[0].Text);
        Assert.Equal("var x = 1;\n// a comment inside a code cell stays\ncourse.Show(x);", source.Cells[3].Text);
        Assert.Equal(4, source.Cells[0].Line);
        Assert.Contains("#:project ../src/TransferGuide/TransferGuide.csproj", source.Header);
    }

    [Fact]
    public void Formatting_the_parsed_cells_gives_back_the_same_cells()
    {
        var source = Parse();
        var again = WeekSource.Parse(source.Format(), source.Path);
        Assert.Equal(source.Cells.Select(c => (c.Kind, c.Text)), again.Cells.Select(c => (c.Kind, c.Text)));
    }

    [Theory]
    [InlineData("// %% [markdown]\nnot a comment\n", ":2:", "start with '// '")]
    [InlineData("// %% [raw]\nx\n", ":1:", "unknown cell marker")]
    [InlineData("var x = 1;\n", "", "no cells")]
    [InlineData("// %%\n\n// %%\nvar y = 2;\n", ":1:", "the cell is empty")]
    public void Malformed_sources_name_the_file_and_line(string text, string line, string message)
    {
        var e = Assert.Throws<FormatException>(() => Parse(text));
        Assert.Contains("week99-sample.cs" + line, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_notebook_imports_the_setup_before_the_first_code_cell_with_ids_in_order_and_no_outputs()
    {
        var notebook = JsonNode.Parse(WeekNotebook.Build(Parse()))!;
        var cells = notebook["cells"]!.AsArray();
        Assert.Equal(["week99-00", "week99-01", "week99-02", "week99-03", "week99-04"], cells.Select(c => (string)c!["id"]!));
        Assert.Equal(["markdown", "code", "code", "markdown", "code"], cells.Select(c => (string)c!["cell_type"]!));
        Assert.Equal(WeekNotebook.SetupImport, (string)cells[1]!["source"]![0]!);
        Assert.Equal(["var x = 1;\n", "// a comment inside a code cell stays\n", "course.Show(x);"], cells[4]!["source"]!.AsArray().Select(l => (string)l!));
        Assert.All(cells.Where(c => (string)c!["cell_type"]! == "code"), c => Assert.Empty(c!["outputs"]!.AsArray()));
        Assert.DoesNotContain("#:project", notebook.ToJsonString());
        Assert.Equal(".net-csharp", (string)notebook["metadata"]!["kernelspec"]!["name"]!);
    }

    [Fact]
    public void Building_is_deterministic_and_an_edited_source_makes_the_committed_notebook_stale()
    {
        var source = Parse();
        Assert.Equal(WeekNotebook.Build(source), WeekNotebook.Build(Parse()));
        var edited = Parse(Sample.Replace("var x = 1;", "var x = 2;"));
        Assert.NotEqual(WeekNotebook.Build(source), WeekNotebook.Build(edited));
    }

    [Fact]
    public void Course_build_writes_notebooks_and_check_fails_on_a_stale_one()
    {
        using var dir = new TempDir();
        var path = dir.Combine("week99-sample.cs");
        File.WriteAllText(path, Sample);
        Assert.Equal(ExitCodes.RunFailed, TransferGuide.Tests.Cli.Tg.Exec(["course", "build", "--check", path]));
        Assert.Equal(ExitCodes.Ok, TransferGuide.Tests.Cli.Tg.Exec(["course", "build", path]));
        Assert.Equal(ExitCodes.Ok, TransferGuide.Tests.Cli.Tg.Exec(["course", "build", "--check", path]));
        File.WriteAllText(path, Sample.Replace("var x = 1;", "var x = 3;"));
        Assert.Equal(ExitCodes.RunFailed, TransferGuide.Tests.Cli.Tg.Exec(["course", "build", "--check", path]));
        File.WriteAllText(path, "// %% [markdown]\nbroken\n");
        Assert.Equal(ExitCodes.InvalidInput, TransferGuide.Tests.Cli.Tg.Exec(["course", "build", path]));
        Assert.True(File.Exists(dir.Combine("week99-sample.ipynb")), "a bad source must not delete the notebook already written");
    }
}
