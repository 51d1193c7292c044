using System.Runtime.InteropServices;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg doctor</c>: what this machine has, and the fix for what it lacks.</summary>
public sealed class DoctorCommand : Command<DoctorCommand.Settings>
{
    /// <summary>Options of tg doctor.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>A folder holding datasets by name, checked before the usual places.</summary>
        [CommandOption("--data-root <DIR>"), Description("Also look for datasets in DIR/<name>.")] public string? DataRoot { get; init; }

        /// <summary>Which numerics paths to probe and show.</summary>
        [CommandOption("--numerics <SCOPE>"), Description("Numerics paths to check: used (default: feature extraction and the default ResNet18), all (every zoo architecture) or none.")] public string Numerics { get; init; } = "used";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        bool ok = true;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("check").AddColumn("result");
        void Row(string check, string result, bool? good = null) =>
            table.AddRow(Markup.Escape(check), (good switch { true => "[green]", false => "[red]", null => "" }) + Markup.Escape(result) + (good is null ? "" : "[/]"));

        Row("OS", RuntimeInformation.OSDescription + " (" + RuntimeInformation.ProcessArchitecture + ")");
        Row(".NET", RuntimeInformation.FrameworkDescription);
        var (libPath, newest) = TorchRuntime.LibStdCxxLevel();
        bool hasNeeded = libPath != null && ElfVersionNeeds.Defines(libPath, ElfVersionNeeds.TorchSharpGlibcxxVersion);
        Row("libstdc++", libPath == null ? "not found (not Linux?)" : $"{libPath}, newest {newest}" +
            (hasNeeded ? "" : $"; lacks {ElfVersionNeeds.TorchSharpGlibcxxVersion}, so the kit marks that need weak in TorchSharp's native library"));

        var status = TorchRuntime.Check();
        foreach (var path in status.LibTorchSharpPaths)
        {
            var need = ElfVersionNeeds.ReadVersionNeeds(path).FirstOrDefault(n => n.Version == ElfVersionNeeds.TorchSharpGlibcxxVersion);
            Row("libLibTorchSharp.so", $"{path}: " + (need == null ? "no GLIBCXX_3.4.32 need" : need.IsWeak ? "GLIBCXX_3.4.32 need is weak (patched)" : "GLIBCXX_3.4.32 need is strict"));
        }
        foreach (var action in status.Actions.Where(a => a.StartsWith("could not", StringComparison.Ordinal))) Row("patch", action, false);
        if (status.Loaded) Row("TorchSharp", $"loads; a tensor op ran (TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version})", true);
        else
        {
            ok = false;
            Row("TorchSharp", "does not load: " + status.Reason, false);
            Row("fix", "Build with the default TorchBackend=cpu-linux (TorchSharp + libtorch-cpu-linux-x64) and run `dotnet restore`; " +
                       "on a GPU machine use -p:TorchBackend=cuda-linux. If the reason names GLIBCXX, run any tg command once so the kit patches the library.", false);
        }
        Row("CUDA", status.Loaded ? (status.CudaAvailable ? "available" : "not available (CPU only)") : "unknown");
        Row("memory", status.Actions.FirstOrDefault(a => a.StartsWith("heap tuning", StringComparison.Ordinal)) ?? "heap tuning: not applied");
        Row("threads", status.Loaded ? $"{status.Threads} torch threads, {Environment.ProcessorCount} logical cores" : $"{Environment.ProcessorCount} logical cores");

        var weights = PretrainedWeights.Candidates();
        var found = weights.FirstOrDefault(w => w.Exists);
        if (found.Path != null) Row("ResNet18 weights", $"{found.Path} ({found.Where})", true);
        else
        {
            ok = false;
            Row("ResNet18 weights", "not found in: " + string.Join("; ", weights.Select(w => w.Path)), false);
            Row("fix", $"run `dotnet restore` (downloads {PretrainedWeights.PackageId} 0.23.1) or set {PretrainedWeights.EnvironmentVariable}", false);
        }

        foreach (var manifest in DatasetCatalog.Datasets)
        {
            var hit = DatasetResolver.Candidates(manifest.Name, settings.DataRoot == null ? null : Path.Combine(settings.DataRoot, manifest.Name))
                .FirstOrDefault(c => c.Found);
            if (hit.Path == null && manifest.Source.Path is { } pkgPath && Directory.Exists(pkgPath)) hit = ("Debian package", pkgPath, true);
            Row("dataset " + manifest.Name, hit.Path != null ? $"{hit.Path} ({hit.Where})"
                : manifest.Source.AutoDownload ? "not found; downloads on first use" : $"not found; see datasets/{manifest.Name}.json for how to get it", hit.Path != null ? true : null);
        }

        AnsiConsole.Write(table);
        switch (settings.Numerics.ToLowerInvariant())
        {
            case "none": break;
            case "used" or "all" when status.Loaded: NumericsTable.Write(settings.Numerics.ToLowerInvariant()); break;
            case "used" or "all": break;
            default: throw new ArgumentException($"Unknown --numerics '{settings.Numerics}'. Use used, all or none.");
        }
        if (!ok) AnsiConsole.MarkupLine("[red]Something the kit needs is missing: see the fixes above.[/]");
        else AnsiConsole.MarkupLine("[green]Ready.[/] Next: [bold]tg quickstart[/]");
        return ok ? 0 : 1;
    }
}
