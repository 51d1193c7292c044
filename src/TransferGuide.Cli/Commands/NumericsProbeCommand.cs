namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg numerics-probe ID…</c> (hidden): runs numerics probes in this process and prints one verdict line each, for
/// the guard in a parent process (<see cref="ProbeRunner"/>). A probe that crashes ends only this process.
/// </summary>
public sealed class NumericsProbeCommand : Command<NumericsProbeCommand.Settings>
{
    /// <summary>Options of tg numerics-probe.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Path ids to probe, in order.</summary>
        [CommandArgument(0, "<ID>"), Description("Numerics path ids, e.g. features/fp32-cl or train/resnet50/nchw.")] public string[] Ids { get; init; } = [];

        /// <summary>torch threads (the parent's count: oneDNN blocks its work per thread count).</summary>
        [CommandOption("--threads <N>"), OptionRange(1, 1024), Description("torch threads (default: torch's own choice).")] public int? Threads { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable(ProbeRunner.ChildVariable, "1");
        TorchRuntime.EnsureLoaded();
        if (settings.Threads is > 0 and var n) TorchSharp.torch.set_num_threads(n);
        foreach (var id in settings.Ids)
        {
            var verdict = NumericsProbes.Run(id);
            Console.Out.WriteLine(ProbeRunner.Format(id, verdict));
            Console.Out.Flush();
        }
        return 0;
    }
}
