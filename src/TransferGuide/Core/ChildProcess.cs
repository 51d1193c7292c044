using System.Text;
using CliWrap;

namespace TransferGuide.Core;

/// <summary>What a child process printed and how it ended.</summary>
/// <param name="ExitCode">Its exit code: 128 + N when signal N ended it (136 for SIGFPE); -1 when it ran past its timeout and was killed.</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Errors">Its standard error.</param>
/// <param name="Combined">Both, line by line in the order they arrived (what a terminal would have shown).</param>
/// <param name="TimedOut">It ran past <see cref="ChildOptions.Timeout"/> and was killed with its own children.</param>
public sealed record ChildResult(int ExitCode, string Output, string Errors, string Combined, bool TimedOut);

/// <summary>How to run a child process; every part is optional.</summary>
public sealed record ChildOptions
{
    /// <summary>Its working directory (default: this process's).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set in its environment, on top of this process's; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>How long it may run before it is killed, with its own children (default: no limit).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Called with each line of its standard output as it arrives (a probe's verdict while the next probe runs).</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>
    /// Lines end at '\n' only, and a '\r' inside a line (a progress bar redrawing itself) is kept, so that a reader
    /// can keep what a terminal would have shown (<c>tg course render</c> does). Off: '\r' ends a line too.
    /// </summary>
    public bool KeepCarriageReturns { get; init; }

    /// <summary>Text written to its standard input, which is then closed (default: none), so nothing secret need be on disk.</summary>
    public string? StandardInput { get; init; }
}

/// <summary>
/// The kit's one way to run another program (CliWrap underneath): the numerics probes, the benchmark children, the
/// PyTorch peer, the notebook runner and the tests all start children here, so timeouts, killing the whole process
/// tree, environment changes and collecting the output work one way. A child that dies on a signal (oneDNN's SIGFPE)
/// is a result with exit code 128 + N, not an exception; only a program that cannot start at all throws
/// (<see cref="System.ComponentModel.Win32Exception"/>).
/// </summary>
public sealed class ChildProcess
{
    readonly CommandTask<CommandResult> _task;
    readonly CancellationTokenSource _kill;
    readonly CancellationToken _cancel;
    readonly TimeSpan? _timeout;
    readonly StringBuilder _output = new(), _errors = new(), _combined = new();

    ChildProcess(string file, IEnumerable<string> args, ChildOptions options, CancellationToken cancel)
    {
        _cancel = cancel;
        _timeout = options.Timeout;
        // One token kills the child (and its children): the caller's cancellation, or the timeout.
        _kill = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (options.Timeout is { } timeout) _kill.CancelAfter(timeout);
        var command = Cli.Wrap(file).WithArguments(args.ToArray())
            .WithEnvironmentVariables(options.Environment)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(Lines(options, line =>
            {
                Append(_output, line);
                options.OnOutputLine?.Invoke(line);
            }))
            .WithStandardErrorPipe(Lines(options, line => Append(_errors, line)));
        if (options.WorkingDirectory != null) command = command.WithWorkingDirectory(options.WorkingDirectory);
        if (options.StandardInput != null) command = command.WithStandardInputPipe(PipeSource.FromString(options.StandardInput, new UTF8Encoding(false)));
        try { _task = command.ExecuteAsync(_kill.Token); }
        catch
        {
            _kill.Dispose(); // the program did not start: nothing will wait on it
            throw;
        }
    }

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> (each passed as one word, no shell).</summary>
    /// <param name="file">The program: a path, or a name looked up on PATH.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="options">Working directory, environment, timeout and a line callback.</param>
    /// <param name="cancel">Kills the child; <see cref="Wait"/> then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="System.ComponentModel.Win32Exception">The program does not exist or cannot be executed.</exception>
    public static ChildProcess Start(string file, IEnumerable<string> args, ChildOptions? options = null, CancellationToken cancel = default) =>
        new(file, args, options ?? new ChildOptions(), cancel);

    /// <summary>Runs a child to its end (see <see cref="Start"/>) and returns what it printed and how it ended.</summary>
    public static ChildResult Run(string file, IEnumerable<string> args, ChildOptions? options = null, CancellationToken cancel = default) =>
        Start(file, args, options, cancel).Wait();

    /// <summary>The child's process id (to send it a signal, as a user's Ctrl+C would).</summary>
    public int Id => _task.ProcessId;

    /// <summary>Whether it has ended.</summary>
    public bool HasExited => _task.Task.IsCompleted;

    /// <summary>Waits for the end; a child past its timeout is killed and reported with <see cref="ChildResult.TimedOut"/>.</summary>
    /// <exception cref="OperationCanceledException">The caller's token was cancelled; the child was killed.</exception>
    public ChildResult Wait()
    {
        int exitCode;
        bool timedOut = false;
        try { exitCode = _task.Task.GetAwaiter().GetResult().ExitCode; }
        catch (OperationCanceledException) when (!_cancel.IsCancellationRequested && _timeout != null)
        {
            (exitCode, timedOut) = (-1, true);
        }
        finally { _kill.Dispose(); }
        lock (_combined) return new ChildResult(exitCode, _output.ToString(), _errors.ToString(), _combined.ToString(), timedOut);
    }

    static PipeTarget Lines(ChildOptions options, Action<string> onLine) =>
        options.KeepCarriageReturns ? PipeTarget.Create((stream, cancel) => ReadLinesAsync(stream, onLine, cancel)) : PipeTarget.ToDelegate(onLine);

    /// <summary>Splits UTF-8 text at '\n' only (dropping a '\r' right before it), keeping any other '\r'.</summary>
    static async Task ReadLinesAsync(Stream stream, Action<string> onLine, CancellationToken cancel)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var line = new StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] != '\n') { line.Append(buffer[i]); continue; }
                if (line.Length > 0 && line[^1] == '\r') line.Length--;
                onLine(line.ToString());
                line.Clear();
            }
        if (line.Length > 0) onLine(line.ToString());
    }

    void Append(StringBuilder own, string line)
    {
        lock (_combined)
        {
            own.Append(line).Append('\n');
            _combined.Append(line).Append('\n');
        }
    }
}
