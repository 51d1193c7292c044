using TransferGuide.Cli;

return TgApp.Create().Run(args);
