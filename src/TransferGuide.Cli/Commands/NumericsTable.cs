namespace TransferGuide.Cli.Commands;

/// <summary><c>tg doctor</c>'s numerics section: each choice, its candidate paths with their verdicts, and the path taken.</summary>
internal static class NumericsTable
{
    /// <summary>Probes what <paramref name="scope"/> asks for (default: the paths the default recipes use) and writes the table.</summary>
    public static void Write(string scope)
    {
        var choices = new List<(string Choice, IReadOnlyList<NumericsPath> Candidates)>
        {
            ("feature extraction", NumericsPath.FeatureCandidates(FrozenResNetOptions.CpuHasNativeBFloat16())),
        };
        var archs = scope == "all" ? ModelZoo.Available.Select(s => s.Id).ToList() : [ModelZoo.ResNet18ImageNet];
        foreach (var arch in archs)
        {
            choices.Add(($"train {arch}", NumericsPath.TrainingCandidates(arch, channelsLast: true)));
            choices.Add(($"inference {arch}", NumericsPath.InferenceCandidates(arch)));
        }
        var store = NumericsGuard.Store();
        AnsiConsole.MarkupLine($"[bold]Numerics paths[/] (probed once per machine; verdicts in {Markup.Escape(store.FilePath)})");
        AnsiConsole.MarkupLine("Errors are relative to a float64 run on libtorch's native kernels; see docs/numerics.md.");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("choice").AddColumn("path").AddColumn("verdict").AddColumn("probe ms").AddColumn("error");
        NumericsGuard.Log = line => AnsiConsole.MarkupLine("  probed " + Markup.Escape(line));
        try
        {
            foreach (var (choice, candidates) in choices)
            {
                var verdicts = NumericsGuard.Verdicts(candidates);
                var chosen = NumericsGuard.Preferred(candidates, verdicts);
                var first = candidates[0];
                foreach (var c in candidates)
                {
                    var v = verdicts[c.Id];
                    string mark = c == chosen ? "[green]used[/] " : "";
                    string verdict = v.Passed ? "[green]pass[/]" : "[red]FAIL[/]";
                    string cost = c == chosen && c != first ? Cost(verdicts[first.Id], v) : "";
                    table.AddRow(Markup.Escape(choice), mark + Markup.Escape(c.Variant), verdict,
                        v.Milliseconds is { } ms ? $"{ms:F0}" : "", Markup.Escape(v.Detail) + cost);
                }
            }
        }
        finally { NumericsGuard.Log = null; }
        AnsiConsole.Write(table);
        if (scope != "all") AnsiConsole.MarkupLine("Other architectures are probed when first trained; [bold]tg doctor --numerics all[/] probes them now.");
    }

    /// <summary>What the fallback costs against the first choice, from the probes' timings (noisy; tg bench measures it properly).</summary>
    static string Cost(Verdict first, Verdict used) =>
        first.Milliseconds is { } a && used.Milliseconds is { } b && a > 0
            ? Markup.Escape($"; {b / a:F2}x the first choice's probe time")
            : "; the first choice died, so its time is unknown";
}
