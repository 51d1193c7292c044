using TransferGuide.Cli;

// Before anything else: restarts this process in place with the kit's malloc settings (Native/HeapTuning.cs).
HeapTuning.RestartWithTunables();

// Piped into a log or a test, Spectre would wrap at 80 columns, breaking paths and messages in the middle.
if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 4096;

return TgApp.Create().Run(args);
