using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Tests.Support;

namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// A real rendered Chinese order page, coded by us and decoded by netpbm and libtiff (decoders we did
/// not write): pixel for pixel, with the right number of rows.
/// </summary>
public sealed class RenderedPageInteropTests
{
    private static readonly Lazy<FaxBitmap> FinePage = new(() => SharedRenderer.Renderer.Render(SampleOrders.Fire(SampleOrders.LongText(22)), FaxResolution.Fine)[0]);

    [Theory]
    [InlineData(T4BitOrder.LsbFirst)]
    [InlineData(T4BitOrder.MsbFirst)]
    public async Task G3topbm_decodes_our_mh_chinese_page_pixel_for_pixel(T4BitOrder order)
    {
        using var temp = new TempDirectory();
        FaxBitmap page = FinePage.Value;
        using var encoder = new T4Encoder(new T4EncoderOptions { BitOrder = order, MinimumLineBits = 96 });
        await File.WriteAllBytesAsync(temp.File("page.g3"), encoder.EncodeToArray(page));

        string reverse = order == T4BitOrder.LsbFirst ? "-reversebits " : string.Empty;
        await ExternalTool.ShellCheckedAsync($"g3topbm {reverse}'{temp.File("page.g3")}' > '{temp.File("page.pbm")}'");
        FaxBitmap decoded = PbmFormat.Read(temp.File("page.pbm"));

        Assert.Equal(2287, decoded.Height);
        Assert.True(page.PixelsEqual(decoded));
    }

    [Theory]
    [InlineData(T4Compression.ModifiedHuffman, "-1")]
    [InlineData(T4Compression.ModifiedRead, "-2")]
    public async Task Fax2tiff_decodes_our_chinese_page_with_2287_rows_and_no_bad_rows(T4Compression compression, string flag)
    {
        using var temp = new TempDirectory();
        FaxBitmap page = FinePage.Value;
        using var encoder = new T4Encoder(new T4EncoderOptions { Compression = compression, AppendRtc = false });
        await File.WriteAllBytesAsync(temp.File("page.g3"), encoder.EncodeToArray(page));

        ExternalTool.Result result = await ExternalTool.RunCheckedAsync("fax2tiff", "-v", flag, "-L", "-R", "196", "-o", temp.File("page.tif"), temp.File("page.g3"));

        string report = result.StandardOutput + result.StandardError;
        Assert.Matches(@"\b2287 rows in input", report);
        Assert.Matches(@"\b0 total bad rows", report);
        await ExternalTool.ShellCheckedAsync($"tifftopnm -respectfillorder '{temp.File("page.tif")}' > '{temp.File("page.pbm")}' 2>/dev/null");
        Assert.True(page.PixelsEqual(PbmFormat.Read(temp.File("page.pbm"))));
    }

    [Fact]
    public async Task Our_mh_page_is_no_larger_than_pbmtog3s_and_mr_is_smaller_still()
    {
        using var temp = new TempDirectory();
        FaxBitmap page = FinePage.Value;
        PbmFormat.Write(page, temp.File("page.pbm"));
        await ExternalTool.ShellCheckedAsync($"pbmtog3 -reversebits '{temp.File("page.pbm")}' > '{temp.File("netpbm.g3")}'");
        using var mh = new T4Encoder(new T4EncoderOptions());
        using var mr = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, Resolution = FaxResolution.Fine });

        long netpbm = new FileInfo(temp.File("netpbm.g3")).Length;
        int ours = mh.Encode(page).Length;
        int ours2D = mr.Encode(page).Length;

        // Same tables, same EOL before every line: the difference is pbmtog3's extra EOL before its RTC
        // (12 bits) and final padding. MR with K = 4 codes three of every four lines against the line above.
        Assert.InRange(netpbm - ours, 0, 2);
        Assert.True(ours2D < ours * 0.8, $"MR {ours2D} B vs MH {ours} B");
    }

    [Fact]
    public void Our_decoder_reads_the_chinese_page_back_in_both_schemes_and_bit_orders()
    {
        foreach (T4Compression compression in Enum.GetValues<T4Compression>())
        {
            foreach (T4BitOrder order in Enum.GetValues<T4BitOrder>())
            {
                Codec.T4RoundTripTests.AssertRoundTrip(FinePage.Value, compression, order, FaxResolution.Fine);
            }
        }
    }
}
