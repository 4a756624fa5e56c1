using BenchmarkDotNet.Attributes;
using Gateway.Sip.Media.Jitter;
using Gateway.Sip.Media.Mixing;

namespace Gateway.Benchmarks.Media;

/// <summary>Decoded path per 20 ms frame: a 3-party mix, and a jitter buffer insert + read.</summary>
[MemoryDiagnoser]
public class MixerBenchmarks
{
    private readonly ConferenceMixer _mixer = new();
    private readonly short[] _frame = new short[160];
    private readonly AdaptiveJitterBuffer _jitterBuffer = new();
    private MixerParty[] _parties = [];
    private uint _timestamp;

    [GlobalSetup]
    public void Setup()
    {
        _parties = [_mixer.Join("caller"), _mixer.Join("call-taker"), _mixer.Join("12345")];
        for (int i = 0; i < _frame.Length; i++) _frame[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0));
        _mixer.Mix();
    }

    [Benchmark]
    public void Mix3Parties()
    {
        foreach (var party in _parties) _frame.CopyTo(party.Input);
        _mixer.Mix();
    }

    [Benchmark]
    public JitterFrameKind JitterBufferInsertAndRead()
    {
        _jitterBuffer.Insert(_timestamp, _frame, TimeSpan.FromMilliseconds(_timestamp / 8.0));
        _timestamp += 160;
        return _jitterBuffer.ReadFrame(_frame);
    }
}
