namespace TransferGuide.Tests.Notebooks;

// The test folder Course (the site renderer) is a namespace too; here Course is the week's.
using Course = TransferGuide.Notebooks.Course;

/// <summary>
/// <see cref="Course.Show"/> in each host: a notebook's display, a program's chart files, the renderer's fragments.
/// Not parallel with other tests: the notebook display and the render variable are process-wide.
/// </summary>
[Collection(nameof(TorchRngCollection))]
public class CourseDisplayTests
{
    static Plotly.NET.GenericChart Chart() => ResultsChart.Bars([("a", 0.5), ("b", 0.75)], title: "two bars");

    static Course Start(TempDir dir, StringWriter output)
    {
        // A program's source file inside a repository: the course finds the repository from it, not from the working directory.
        File.WriteAllText(dir.Combine("TransferGuide.sln"), "");
        Directory.CreateDirectory(dir.Combine("month1"));
        var source = dir.Combine("month1", "week99-sample.cs");
        File.WriteAllText(source, "");
        return Course.Start("week99", new QuickMode(true), output, source);
    }

    [Fact]
    public void In_a_program_a_chart_becomes_an_html_file_beside_one_plotly_script_and_its_path_is_printed()
    {
        using var dir = new TempDir();
        var output = new StringWriter();
        var course = Start(dir, output);
        Assert.Equal(dir.Combine("runs", "week99"), course.RunFolder);
        course.Show(Chart());
        course.Show(Chart());
        var paths = output.ToString().Split('\n').Where(l => l.StartsWith("chart: ")).Select(l => l["chart: ".Length..].Trim()).ToList();
        Assert.Equal(2, paths.Count);
        Assert.All(paths, p => Assert.StartsWith(dir.Combine("runs", "week99", "charts"), p));
        var html = File.ReadAllText(paths[0]);
        Assert.Contains($"<script src=\"{PlotlyScript.FileName}\"></script>", html);
        Assert.Contains("two bars", html);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(new FileInfo(dir.Combine("runs", "week99", "charts", PlotlyScript.FileName)).Length > 1_000_000);
    }

    [Fact]
    public void Tables_print_as_aligned_text_in_a_program()
    {
        using var dir = new TempDir();
        var output = new StringWriter();
        var course = Start(dir, output);
        course.Show(new[] { new { Id = "resnet18", SizeMb = 44.7 }, new { Id = "mobilenet_v3_small", SizeMb = 6.1 } });
        course.Show(new List<(string, double Accuracy)> { ("teacher", 0.95) });
        var text = output.ToString();
        Assert.Matches(@"Id\s+SizeMb", text);
        Assert.Matches(@"mobilenet_v3_small\s+6\.1", text);
        Assert.Matches(@"Item1\s+Item2", text);
        Assert.Contains("teacher", text);
        Assert.Equal("(no rows)", CourseDisplay.AsText(Array.Empty<string>().Select(s => new { s })));
        Assert.Equal("42", CourseDisplay.AsText(42));
    }

    [Fact]
    public void In_a_notebook_the_value_goes_to_the_kernels_display()
    {
        using var dir = new TempDir();
        var shown = new List<object>();
        CourseDisplay.Notebook = shown.Add;
        try
        {
            var output = new StringWriter();
            var course = Start(dir, output);
            var chart = Chart();
            course.Show(chart);
            Assert.Same(chart, Assert.Single(shown));
            Assert.False(Directory.Exists(dir.Combine("runs", "week99", "charts")));
        }
        finally { CourseDisplay.Notebook = null; }
    }

    [Fact]
    public void When_rendering_a_chart_becomes_a_fragment_and_a_marker_line()
    {
        using var dir = new TempDir();
        Environment.SetEnvironmentVariable(CourseDisplay.RenderVariable, dir.Combine("fragments"));
        try
        {
            var output = new StringWriter();
            Start(dir, output).Show(Chart());
            var marker = output.ToString().Split('\n').Single(l => l.StartsWith(CourseDisplay.Marker));
            var name = marker.Split(' ')[1].Trim();
            var fragment = File.ReadAllText(dir.Combine("fragments", name));
            Assert.Contains("Plotly.newPlot", fragment);
            Assert.DoesNotContain("<html", fragment);
        }
        finally { Environment.SetEnvironmentVariable(CourseDisplay.RenderVariable, null); }
    }

    static AudioClipView[] Clips() =>
        [AudioClipView.Of(Waveform.Tone(440, 0.3), "a tone"), AudioClipView.Of(new AddNoise(10).Apply(Waveform.Tone(440, 0.3), seed: 1), "with noise")];

    [Fact]
    public void Clips_to_hear_are_wav_files_in_a_program_players_when_rendering_and_html_in_a_notebook()
    {
        using var dir = new TempDir();
        var output = new StringWriter();
        Start(dir, output).Show(Clips());
        var paths = output.ToString().Split('\n').Where(l => l.StartsWith("audio: ")).Select(l => l["audio: ".Length..].Split(" (")[0]).ToList();
        Assert.Equal(2, paths.Count);
        Assert.Equal(Waveform.Tone(440, 0.3).Length, WavFile.Read(paths[0]).Length); // a playable WAV of the clip
        Assert.Contains("(with noise)", output.ToString());

        Environment.SetEnvironmentVariable(CourseDisplay.RenderVariable, dir.Combine("fragments"));
        try
        {
            var rendered = new StringWriter();
            Start(dir, rendered).Show(Clips()[0]);
            var name = rendered.ToString().Split('\n').Single(l => l.StartsWith(CourseDisplay.Marker)).Split(' ')[1].Trim();
            var fragment = File.ReadAllText(dir.Combine("fragments", name));
            Assert.Contains("<audio controls", fragment);
            Assert.Contains("data:audio/wav;base64,", fragment);
            Assert.Contains("data:image/", fragment);
        }
        finally { Environment.SetEnvironmentVariable(CourseDisplay.RenderVariable, null); }

        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(CourseDisplay.HtmlOf(Clips())!, "<audio ").Count);
        Assert.Null(CourseDisplay.HtmlOf(Chart()));
    }
}
