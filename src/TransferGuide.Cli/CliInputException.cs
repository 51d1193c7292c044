namespace TransferGuide.Cli;

/// <summary>Invalid command-line input (an unknown verb or option, a value out of range); exit code 2, nothing was done.</summary>
public sealed class CliInputException(string message) : Exception(message);
