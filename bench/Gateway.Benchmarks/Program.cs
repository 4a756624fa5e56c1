using BenchmarkDotNet.Running;

// Micro-benchmarks; pick one with --filter, e.g. `--filter *SipParse*`.
// `radio-latency [orders]` runs the per-order latency measurement instead (percentiles need per-order timestamps).
if (args.Length > 0 && args[0] == "radio-latency")
{
    return await Gateway.Benchmarks.Radio.RadioOrderLatency.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
