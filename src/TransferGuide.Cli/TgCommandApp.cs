namespace TransferGuide.Cli;

/// <summary>
/// The <c>tg</c> app: Spectre's CommandApp behind the strict argument check (<see cref="StrictArguments"/>), so an
/// unknown verb or option exits 2 with the nearest valid name before anything is parsed or run.
/// </summary>
/// <param name="inner">The configured app.</param>
public sealed class TgCommandApp(CommandApp inner) : ICommandApp
{
    /// <inheritdoc />
    public void Configure(Action<IConfigurator> configuration) => inner.Configure(configuration);

    /// <summary>Runs <c>tg ARGS</c>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public int Run(IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> list;
        try { list = StrictArguments.Check(args.ToList()); }
        catch (CliInputException e) { return ExitCodes.Report(e); }
        return inner.Run(list, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken = default) =>
        Task.Run(() => Run(args, cancellationToken), cancellationToken);
}
