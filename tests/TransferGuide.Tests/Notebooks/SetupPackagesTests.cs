using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TransferGuide.Tests.Notebooks;

/// <summary>
/// notebooks/setup.dib references the kit's DLL by path, and <c>#r "path.dll"</c> does not bring that DLL's
/// dependencies: every package the library uses must also appear there, or the first notebook cell that
/// touches it fails with "Could not load file or assembly" (as week 2's audio section did without NWaves).
/// </summary>
public class SetupPackagesTests
{
    [Fact]
    public void Setup_references_every_package_of_the_library_at_its_version()
    {
        var root = CourseWeeksTests.RepoRoot();
        var project = XDocument.Load(Path.Combine(root, "src", "TransferGuide", "TransferGuide.csproj"));
        var setup = File.ReadAllText(Path.Combine(root, "notebooks", "setup.dib"));
        var packages = project.Descendants("PackageReference")
            .Select(p => (Name: (string?)p.Attribute("Include"), Version: (string?)p.Attribute("Version")))
            // TorchSharp's lines are generated per backend inside setup.dib, so they are not literal there. Google.Protobuf
            // only pins the version restore resolves for TorchSharp anyway; the kernel brings its own (a second #r fails).
            .Where(p => p.Name != null && !p.Name.StartsWith("TorchSharp", StringComparison.Ordinal) && !p.Name.StartsWith("libtorch", StringComparison.Ordinal)
                        && p.Name != "Google.Protobuf")
            .ToList();
        Assert.NotEmpty(packages);
        Assert.All(packages, p => Assert.Matches(
            new Regex($"#r \"nuget: {Regex.Escape(p.Name!)}, {Regex.Escape(p.Version ?? "")}\""), setup));
    }
}
