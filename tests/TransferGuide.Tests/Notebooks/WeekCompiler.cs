using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TransferGuide.Tests.Notebooks;

/// <summary>
/// Compiles a week's source the way <c>dotnet run monthN/weekNN-*.cs</c> does (top-level statements, the SDK's
/// implicit usings, the usings of notebooks/Weeks.props, nullable on), against the kit this test project
/// built, in memory: seconds per week, where a real build takes a minute.
/// </summary>
public static class WeekCompiler
{
    /// <summary>What Microsoft.NET.Sdk's ImplicitUsings gives a console program.</summary>
    public static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>The namespaces notebooks/Weeks.props imports into every week's program.</summary>
    public static IEnumerable<string> ProgramUsings(string repoRoot) =>
        XDocument.Load(Path.Combine(repoRoot, "notebooks", "Weeks.props")).Descendants("Using")
            .Select(u => (string?)u.Attribute("Include")).OfType<string>();

    static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
    {
        // The framework's assemblies and everything the test project copied beside it (the kit and its packages).
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => IsManaged(p))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    });

    static bool IsManaged(string path)
    {
        try { System.Reflection.AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }

    /// <summary>Errors and warnings, as "file:line: id message", for the week at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Diagnostics(string path, string repoRoot)
    {
        // "#:" directives belong to the SDK, not the compiler; blank them so line numbers stay.
        var text = string.Join("\n", File.ReadAllLines(path).Select(l => l.StartsWith("#:", StringComparison.Ordinal) ? "" : l));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var globals = string.Concat(ImplicitUsings.Concat(ProgramUsings(repoRoot)).Distinct().Select(u => $"global using {u};\n"));
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(path),
            [CSharpSyntaxTree.ParseText(text, options, path), CSharpSyntaxTree.ParseText(globals, options, "Usings.g.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id is not ("CS1701" or "CS1702"))
            .Select(d => $"{Path.GetFileName(path)}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}")
            .ToList();
    }
}

/// <summary>Every week compiles as a program, so a renamed API breaks a test and not a student's run.</summary>
public class WeekProgramsCompileTests
{
    [Theory]
    [MemberData(nameof(CourseWeeksTests.Weeks), MemberType = typeof(CourseWeeksTests))]
    public void The_week_compiles_as_a_program_without_errors_or_warnings(string relative)
    {
        var root = CourseWeeksTests.RepoRoot();
        var diagnostics = WeekCompiler.Diagnostics(Path.Combine(root, relative), root);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
    }

    [Fact]
    public void A_renamed_library_call_is_caught()
    {
        var root = CourseWeeksTests.RepoRoot();
        var week = Path.Combine(root, "month1", "week04-feature-extraction.cs");
        var broken = Path.Combine(Path.GetTempPath(), $"tg-week-{Guid.NewGuid():N}", "week04-feature-extraction.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(broken)!);
        File.WriteAllText(broken, File.ReadAllText(week).Replace("HeadTrainer.Train(", "HeadTrainer.TrainHead("));
        try
        {
            var diagnostics = WeekCompiler.Diagnostics(broken, root);
            Assert.Contains(diagnostics, d => d.Contains("CS0117") && d.Contains("TrainHead"));
        }
        finally { Directory.Delete(Path.GetDirectoryName(broken)!, true); }
    }
}
