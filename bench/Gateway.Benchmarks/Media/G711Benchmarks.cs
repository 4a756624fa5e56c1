using BenchmarkDotNet.Attributes;
using Gateway.Sip.Media.Codecs;
using NAudio.Codecs;

namespace Gateway.Benchmarks.Media;

/// <summary>G.711 per 20 ms frame (160 samples): our lookup tables against NAudio.Core's G.711 classes.</summary>
[MemoryDiagnoser]
public class G711Benchmarks
{
    private readonly short[] _pcm = new short[160];
    private readonly byte[] _codes = new byte[160];
    private readonly short[] _decoded = new short[160];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _pcm.Length; i++) _pcm[i] = (short)(12000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0) + random.Next(-500, 500));
        ALaw.Encode(_pcm, _codes);
    }

    [Benchmark(Baseline = true)]
    public void ALawDecode_Ours() => ALaw.Decode(_codes, _decoded);

    [Benchmark]
    public void ALawDecode_NAudio()
    {
        for (int i = 0; i < _codes.Length; i++) _decoded[i] = ALawDecoder.ALawToLinearSample(_codes[i]);
    }

    [Benchmark]
    public void ALawEncode_Ours() => ALaw.Encode(_pcm, _codes);

    [Benchmark]
    public void ALawEncode_NAudio()
    {
        for (int i = 0; i < _pcm.Length; i++) _codes[i] = ALawEncoder.LinearToALawSample(_pcm[i]);
    }

    [Benchmark]
    public void MuLawDecode_Ours() => MuLaw.Decode(_codes, _decoded);

    [Benchmark]
    public void MuLawDecode_NAudio()
    {
        for (int i = 0; i < _codes.Length; i++) _decoded[i] = MuLawDecoder.MuLawToLinearSample(_codes[i]);
    }

    [Benchmark]
    public void MuLawEncode_Ours() => MuLaw.Encode(_pcm, _codes);

    [Benchmark]
    public void MuLawEncode_NAudio()
    {
        for (int i = 0; i < _pcm.Length; i++) _codes[i] = MuLawEncoder.LinearToMuLawSample(_pcm[i]);
    }
}
