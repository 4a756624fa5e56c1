using BenchmarkDotNet.Attributes;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Rendering;

namespace Gateway.Benchmarks.Fax;

/// <summary>T.4 coding of a full fine page of Chinese text (2287 lines), as sent to a Class 2.0 modem.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FaxCodecBenchmarks
{
    private FaxBitmap _page = null!;
    private T4Encoder _mh = null!;
    private T4Encoder _mr = null!;
    private byte[] _mhData = null!;
    private T4Decoder _mhDecoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        using (var renderer = new FaxPageRenderer())
        {
            _page = renderer.Render(FaxBenchmarkPages.FullPageOrder(), FaxResolution.Fine)[0];
        }

        // 9600 bit/s and a 10 ms minimum scan-line time: 96 bits per line at least.
        int minimumLineBits = T4EncoderOptions.MinimumLineBitsFor(9600, TimeSpan.FromMilliseconds(10));
        _mh = new T4Encoder(new T4EncoderOptions { MinimumLineBits = minimumLineBits });
        _mr = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, MinimumLineBits = minimumLineBits });
        _mhData = _mh.EncodeToArray(_page);
        _mhDecoder = new T4Decoder(new T4DecoderOptions());
        Console.WriteLine($"// fax page bytes: MH {_mhData.Length}, MR {_mr.Encode(_page).Length} (fill to 96 bits/line, LSB-first, host RTC)");
        PageSizeReport.Print(_page);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mh.Dispose();
        _mr.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int EncodeMh() => _mh.Encode(_page).Length;

    [Benchmark]
    public int EncodeMr() => _mr.Encode(_page).Length;

    [Benchmark]
    public int DecodeMh() => _mhDecoder.Decode(_mhData).Rows;
}
