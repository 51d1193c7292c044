using TransferGuide.Cli.Notebooks;

namespace TransferGuide.Tests;

/// <summary>
/// Tests that read something only a system package provides (the real WordNet, the real Fashion-MNIST files,
/// Jupyter with the .NET kernel, a browser). On a machine with just the .NET SDK they skip, and the skip reason
/// says what to install. They never skip where the package is required: when <c>CI</c> is <c>true</c> (or
/// <c>1</c>) or the dependency's <c>TRANSFERGUIDE_REQUIRE_*</c> variable is <c>1</c>, Skip stays unset, the
/// test runs, and a missing package fails it loudly. <c>.ci/run</c> installs the packages and sets these.
/// </summary>
public static class OptionalDependency
{
    /// <summary>Whether CI or <paramref name="variable"/> demands the dependency.</summary>
    public static bool Required(string variable) => IsOn("CI") || IsOn(variable);

    /// <summary>The skip reason: null when the dependency is <paramref name="present"/> or required.</summary>
    public static string? SkipReason(bool present, string variable, string missing) =>
        present || Required(variable) ? null
            : $"{missing} (Skipped because it is optional here; CI=true or {variable}=1 makes this test run and fail without it.)";

    static bool IsOn(string variable) =>
        Environment.GetEnvironmentVariable(variable)?.Trim() is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A fact about the real WordNet 3.0 database (Debian package <c>wordnet-base</c>).</summary>
public sealed class WordNetFactAttribute : FactAttribute
{
    /// <summary>Makes the test run in CI even without the package.</summary>
    public const string RequireVariable = "TRANSFERGUIDE_REQUIRE_WORDNET";

    static readonly Lazy<bool> Installed = new(() =>
        WordNet.Candidates().Any(d => File.Exists(Path.Combine(d, "index.noun")) && File.Exists(Path.Combine(d, "data.noun"))));

    public WordNetFactAttribute() =>
        Skip = OptionalDependency.SkipReason(Installed.Value, RequireVariable,
            $"WordNet's database is not installed: run 'sudo apt-get install wordnet-base' (it goes to {WordNet.DebianFolder}), " +
            $"or set {WordNet.SearchDirVariable} to a folder of WordNet 3.0's dict files.");
}

/// <summary>A fact about the real Fashion-MNIST files (Debian package <c>dataset-fashion-mnist</c>).</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    /// <summary>Makes the test run in CI even without the package.</summary>
    public const string RequireVariable = "TRANSFERGUIDE_REQUIRE_FASHION_MNIST";

    static readonly Lazy<bool> Installed = new(() =>
    {
        try { DatasetResolver.Resolve(FashionMnist.CatalogName, allowDownload: false); return true; }
        catch (DatasetNotFoundException) { return false; }
    });

    public FashionMnistFactAttribute() =>
        Skip = OptionalDependency.SkipReason(Installed.Value, RequireVariable,
            "Fashion-MNIST is not installed: run 'sudo apt-get install dataset-fashion-mnist' (it goes to " +
            $"/usr/share/datasets/fashion-mnist), or put its four IDX files in ${DatasetResolver.DataVariable}/{FashionMnist.CatalogName}.");
}

/// <summary>A fact that runs notebooks through real Jupyter and the .NET Interactive kernel.</summary>
public sealed class NotebooksFactAttribute : FactAttribute
{
    /// <summary>Makes the test run (and fail without Jupyter) even outside CI; .ci/run sets it.</summary>
    public const string RequireVariable = "TRANSFERGUIDE_REQUIRE_NOTEBOOKS";

    /// <summary>What is missing to run notebooks here, in words with the install commands; null when nothing is.</summary>
    public static string? Missing => MissingOnce.Value;

    static readonly Lazy<string?> MissingOnce = new(NotebookRunner.MissingPrerequisite);

    public NotebooksFactAttribute() =>
        Skip = OptionalDependency.SkipReason(Missing == null, RequireVariable,
            "Jupyter or its .NET Interactive kernel is not installed. Install the Debian packages " +
            "jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel, then " +
            "'dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001' and 'dotnet interactive jupyter install'.");
}
