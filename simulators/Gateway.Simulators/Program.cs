// Entry point of the hardware simulators CLI: `<device> [options]`, see --help.
return await Gateway.Simulators.Cli.SimulatorCli.RunAsync(args);
