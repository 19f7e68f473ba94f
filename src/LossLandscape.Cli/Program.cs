using LossLandscape.Cli;

return CliApp.Run(args);
