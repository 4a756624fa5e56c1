using BenchmarkDotNet.Attributes;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Rendering;

namespace Gateway.Benchmarks.Fax;

/// <summary>The fax flow's budget (≤ 5 ms): order → rendered fine page → T.4 data ready for the modem.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FaxRenderAndEncodeBenchmarks
{
    private FaxPageRenderer _renderer = null!;
    private FaxOrder _order = null!;
    private T4Encoder _mh = null!;
    private T4Encoder _mr = null!;

    [GlobalSetup]
    public void Setup()
    {
        _renderer = new FaxPageRenderer();
        _order = FaxBenchmarkPages.FullPageOrder();
        _mh = new T4Encoder(new T4EncoderOptions { MinimumLineBits = 96 });
        _mr = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, MinimumLineBits = 96 });
        FaxBitmap page = _renderer.Render(_order, FaxResolution.Fine)[0];
        CpuTimeReport.Print("render fine page", 300, () => _renderer.Render(_order, FaxResolution.Fine));
        CpuTimeReport.Print("encode MH fine page", 1000, () => _mh.Encode(page));
        CpuTimeReport.Print("encode MR fine page", 1000, () => _mr.Encode(page));
        CpuTimeReport.Print("render + encode MH fine page", 300, () => RenderAndEncodeMhFinePage());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _renderer.Dispose();
        _mh.Dispose();
        _mr.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int RenderAndEncodeMhFinePage() => _mh.Encode(_renderer.Render(_order, FaxResolution.Fine)[0]).Length;

    [Benchmark]
    public int RenderAndEncodeMrFinePage() => _mr.Encode(_renderer.Render(_order, FaxResolution.Fine)[0]).Length;
}
