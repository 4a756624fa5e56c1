using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Core.At;

namespace Gateway.Benchmarks.At;

/// <summary>
/// The whole channel over an in-memory link: URC lines through the read loop to a subscriber
/// (cost per line, including the hop to the read loop), and a command round trip (write the
/// command, device answers OK, caller gets the response).
/// </summary>
[MemoryDiagnoser]
public class AtChannelBenchmark
{
    private const int UrcLinesPerBurst = 100;

    private InMemoryDeviceLink _urcLink = null!;
    private AtCommandChannel _urcChannel = null!;
    private InMemoryDeviceLink _commandLink = null!;
    private AtCommandChannel _commandChannel = null!;
    private ReadOnlyMemory<byte> _burst;
    private int _seen;
    private TaskCompletionSource _burstDone = new();

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (int i = 0; i < UrcLinesPerBurst - 1; i++)
        {
            text.Append(i % 2 == 0 ? "\r\n+CTXG: 1,0,0,0\r\n" : "\r\n+CTCC: 1,1,1,0,0,1,1\r\n");
        }

        text.Append("\r\n+CTCR: 1,3\r\n"); // the last line of a burst
        _burst = Encoding.ASCII.GetBytes(text.ToString());

        _urcLink = new InMemoryDeviceLink();
        _urcChannel = new AtCommandChannel(_urcLink);
        _urcChannel.SubscribeUnsolicited("+CTXG", (in AtUnsolicitedMessage _) => _seen++);
        _urcChannel.SubscribeUnsolicited("+CTCC", (in AtUnsolicitedMessage _) => _seen++);
        _urcChannel.SubscribeUnsolicited("+CTCR", (in AtUnsolicitedMessage _) =>
        {
            _seen++;
            _burstDone.TrySetResult();
        });
        _urcChannel.Start();

        _commandLink = new InMemoryDeviceLink { AutoAnswer = "\r\nOK\r\n"u8.ToArray() };
        _commandChannel = new AtCommandChannel(_commandLink);
        _commandChannel.Start();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _urcChannel.DisposeAsync();
        await _commandChannel.DisposeAsync();
        await _urcLink.DisposeAsync();
        await _commandLink.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = UrcLinesPerBurst)]
    public async Task UrcBurstThroughReadLoop()
    {
        _burstDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _urcLink.DeviceSends(_burst);
        await _burstDone.Task;
    }

    [Benchmark]
    public async Task<AtResultCode> CommandRoundTrip()
    {
        AtResponse response = await _commandChannel.ExecuteAsync("AT+CTXD=1,0");
        return response.Result;
    }
}
