using TransferGuide.Cli;
using TransferGuide.Native;

// Before anything else: restarts this process in place with the kit's malloc settings (Native/HeapTuning.cs).
HeapTuning.RestartWithTunables();

return TgApp.Create().Run(args);
