// Entry point of the hardware simulators CLI; the device models and the server side of
// AT devices live beside it.
return Gateway.Simulators.SimulatorCli.Run(args);
