using BenchmarkDotNet.Attributes;
using Gateway.Fax.Imaging;
using Gateway.Fax.Rendering;

namespace Gateway.Benchmarks.Fax;

/// <summary>Rendering an order to a 1-bit page (layout, SkiaSharp text, threshold).</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FaxRenderBenchmarks
{
    private FaxPageRenderer _renderer = null!;
    private FaxOrder _order = null!;

    [GlobalSetup]
    public void Setup()
    {
        _renderer = new FaxPageRenderer();
        _order = FaxBenchmarkPages.FullPageOrder();
        int pages = _renderer.Render(_order, FaxResolution.Fine).Count;
        if (pages != 1)
        {
            throw new InvalidOperationException($"The benchmark order should fill exactly one page, got {pages}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _renderer.Dispose();

    [Benchmark(Baseline = true)]
    public FaxBitmap RenderFinePage() => _renderer.Render(_order, FaxResolution.Fine)[0];

    [Benchmark]
    public FaxBitmap RenderStandardPage() => _renderer.Render(_order, FaxResolution.Standard)[0];
}
