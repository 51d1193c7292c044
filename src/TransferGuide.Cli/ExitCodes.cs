namespace TransferGuide.Cli;

/// <summary>
/// The one exit-code convention of every <c>tg</c> verb (docs/cli.md): 0 it worked, 1 the run failed (disk full, a
/// diverged run, an I/O error: the input was fine), 2 the input is invalid (an option, a data folder, a checkpoint:
/// fix it and run again), 130 stopped by Ctrl+C after saving.
/// </summary>
public static class ExitCodes
{
    /// <summary>It worked.</summary>
    public const int Ok = 0;
    /// <summary>The run failed although its input was valid.</summary>
    public const int RunFailed = 1;
    /// <summary>The input is invalid: an option, the data or a checkpoint; the message says what to change.</summary>
    public const int InvalidInput = 2;
    /// <summary>Stopped on request (Ctrl+C); what was saved is kept.</summary>
    public const int Stopped = 130;

    /// <summary>The exit code for a failure.</summary>
    public static int For(Exception e) => Unwrap(e) switch
    {
        OperationCanceledException => Stopped,
        CliInputException or CommandAppException or ArgumentException or FormatException or InvalidDataException
            or DataLayoutException or DatasetNotFoundException or CheckpointException or DataSourceChangedException
            or OutputFolderException or FileNotFoundException or DirectoryNotFoundException
            or TransferGuide.Evaluation.GroupFileException or TransferGuide.Data.Text.WordNetNotFoundException => InvalidInput,
        _ => RunFailed,
    };

    /// <summary>
    /// Prints a failure as "Error: message" (each inner failure of an aggregate on its own line, never "One or more
    /// errors occurred") and returns its exit code.
    /// </summary>
    public static int Report(Exception e)
    {
        var failures = e is AggregateException a ? a.Flatten().InnerExceptions.Distinct().ToList() : [e];
        foreach (var f in failures)
            AnsiConsole.MarkupLine("[red]Error:[/] " + Markup.Escape(f is CommandAppException ? Plain(f) : f.Message));
        return failures.Select(For).Max();
    }

    static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: > 0 } a ? a.Flatten().InnerExceptions[0] : e;

    // Spectre's parse errors keep their caret display in Pretty; the message alone reads fine on one line.
    static string Plain(Exception e) => e.Message.TrimEnd('.') + ". Run the verb with --help for its options.";
}
