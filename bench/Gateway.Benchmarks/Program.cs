using BenchmarkDotNet.Running;

// Micro-benchmarks; pick one with --filter, e.g. `--filter *SipParse*`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
