using LossLandscape.Cli;
using LossLandscape.Cli.Infrastructure;

using var signals = SignalExit.Install();
return CliApp.Run(args);
