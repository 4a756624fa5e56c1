using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Gateway.Core.At;

namespace Gateway.Benchmarks.At;

/// <summary>
/// Time from calling <see cref="AtCommandChannel.ExecuteAsync"/> to the command's bytes being handed
/// to the link (the radio issue's "order → first byte" budget, ≤ 1 ms p99). BenchmarkDotNet times the
/// whole round trip; the order → first byte share of every call is recorded too and its p50 / p99 /
/// max printed at the end of the run.
/// </summary>
[MemoryDiagnoser]
public class AtOrderToFirstByteBenchmark
{
    private const int MaxSamples = 1_000_000;

    private readonly long[] _samples = new long[MaxSamples];
    private int _count;
    private InMemoryDeviceLink _link = null!;
    private AtCommandChannel _channel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _link = new InMemoryDeviceLink { AutoAnswer = "\r\n+CTXG: 1,0,0,0\r\n\r\nOK\r\n"u8.ToArray() };
        _channel = new AtCommandChannel(_link);
        _channel.Start();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _channel.DisposeAsync();
        await _link.DisposeAsync();
        if (_count == 0)
        {
            return;
        }

        Span<long> samples = _samples.AsSpan(0, _count);
        samples.Sort();
        Console.WriteLine(
            $"// order->first byte over {_count} commands: p50 {Micros(samples[_count / 2]):0.0} us, " +
            $"p99 {Micros(samples[(int)(_count * 0.99)]):0.0} us, max {Micros(samples[^1]):0.0} us");
    }

    [Benchmark]
    public async Task<AtResultCode> PttRequestRoundTrip()
    {
        long ordered = Stopwatch.GetTimestamp();
        AtResponse response = await _channel.ExecuteAsync("AT+CTXD=1,0");
        if (_count < MaxSamples)
        {
            _samples[_count++] = _link.LastWriteTimestamp - ordered;
        }

        return response.Result;
    }

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
