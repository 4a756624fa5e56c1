using BenchmarkDotNet.Attributes;
using Gateway.Core.At;

namespace Gateway.Benchmarks.At;

/// <summary>Routing one URC line among the subscriptions a PEI terminal driver holds: cost per line.</summary>
[MemoryDiagnoser]
public class AtUnsolicitedDispatchBenchmark
{
    private readonly AtUnsolicitedRouter _router = new();
    private readonly byte[] _grant = "+CTXG: 1,0,0,0"u8.ToArray();
    private readonly byte[] _unknown = "+XYZZ: 1"u8.ToArray();
    private int _delivered;

    [GlobalSetup]
    public void Setup()
    {
        foreach (string prefix in new[] { "+CTICN", "+CTOCP", "+CTCC", "+CDTXC", "+CTCR", "+CTXI", "+CTXW", "+CTSDSR", "+FHS", "+CTXG" })
        {
            _router.Subscribe(prefix, (in AtUnsolicitedMessage m) => _delivered += m.Line.Length);
        }
    }

    [Benchmark]
    public bool MatchAndDispatchLastOfTenPrefixes()
    {
        bool matched = _router.Matches(_grant, out bool hasPayload);
        _router.Dispatch(_grant, default, hasPayload);
        return matched;
    }

    [Benchmark]
    public bool MatchUnsubscribedLine() => _router.Matches(_unknown, out _);
}
