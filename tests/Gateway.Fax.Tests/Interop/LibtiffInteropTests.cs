using System.Text.RegularExpressions;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Tests.Support;

namespace Gateway.Fax.Tests.Interop;

/// <summary>Our raw T.4 pages decoded by libtiff's fax2tiff, a decoder we did not write.</summary>
public sealed partial class LibtiffInteropTests
{
    public static TheoryData<T4Compression, T4BitOrder, FaxResolution> Schemes() => new()
    {
        { T4Compression.ModifiedHuffman, T4BitOrder.LsbFirst, FaxResolution.Fine },
        { T4Compression.ModifiedHuffman, T4BitOrder.MsbFirst, FaxResolution.Standard },
        { T4Compression.ModifiedRead, T4BitOrder.LsbFirst, FaxResolution.Fine },
        { T4Compression.ModifiedRead, T4BitOrder.MsbFirst, FaxResolution.Standard },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task Fax2tiff_decodes_our_page_with_the_right_rows_no_bad_rows_and_equal_pixels(
        T4Compression compression, T4BitOrder order, FaxResolution resolution)
    {
        using var temp = new TempDirectory();
        FaxBitmap page = TestBitmaps.TextLike(31, height: 500);
        // fax2tiff reads to the end of the file: it does not know RTC (each EOL after the first ends an
        // empty row) and counts trailing fill zeros as one more row. So give it the page as sent when
        // the modem appends RTC, without a minimum line time: the row count then must match exactly.
        var options = new T4EncoderOptions
        {
            Compression = compression,
            BitOrder = order,
            Resolution = resolution,
            AppendRtc = false,
        };
        using var encoder = new T4Encoder(options);
        await File.WriteAllBytesAsync(temp.File("page.g3"), encoder.EncodeToArray(page));

        ExternalTool.Result result = await ExternalTool.RunCheckedAsync(
            "fax2tiff", "-v",
            compression == T4Compression.ModifiedRead ? "-2" : "-1",
            order == T4BitOrder.LsbFirst ? "-L" : "-M",
            "-R", resolution.LinesPerInch().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", temp.File("page.tif"), temp.File("page.g3"));

        string report = result.StandardOutput + result.StandardError;
        Assert.Equal(page.Height, int.Parse(RowsInInput().Match(report).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, int.Parse(BadRows().Match(report).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        FaxBitmap decoded = Assert.Single(TiffImageReader.ReadPages(temp.File("page.tif")));
        Assert.True(page.PixelsEqual(decoded), "fax2tiff decoded different pixels");
    }

    [Theory]
    [InlineData(T4Compression.ModifiedHuffman)]
    [InlineData(T4Compression.ModifiedRead)]
    public async Task Fax2tiff_decodes_a_page_with_fill_bits_and_rtc_and_shows_rtc_as_five_empty_rows(T4Compression compression)
    {
        using var temp = new TempDirectory();
        FaxBitmap page = TestBitmaps.TextLike(33, height: 300);
        var options = new T4EncoderOptions { Compression = compression, MinimumLineBits = T4EncoderOptions.MinimumLineBitsFor(14400, TimeSpan.FromMilliseconds(10)) };
        using var encoder = new T4Encoder(options);
        await File.WriteAllBytesAsync(temp.File("page.g3"), encoder.EncodeToArray(page));

        ExternalTool.Result result = await ExternalTool.RunCheckedAsync(
            "fax2tiff", "-v", compression == T4Compression.ModifiedRead ? "-2" : "-1", "-L", "-R", "196", "-o", temp.File("page.tif"), temp.File("page.g3"));

        string report = result.StandardOutput + result.StandardError;
        Assert.Equal(page.Height + 5, int.Parse(RowsInInput().Match(report).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, int.Parse(BadRows().Match(report).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        FaxBitmap decoded = Assert.Single(TiffImageReader.ReadPages(temp.File("page.tif")));
        for (int y = 0; y < decoded.Height; y++)
        {
            Assert.True(y < page.Height ? page.Row(y).SequenceEqual(decoded.Row(y)) : !decoded.Row(y).ContainsAnyExcept((byte)0), $"row {y}");
        }
    }

    [Fact]
    public async Task Wrong_bit_order_is_caught_by_the_row_count()
    {
        using var temp = new TempDirectory();
        FaxBitmap page = TestBitmaps.TextLike(32, height: 300);
        using var encoder = new T4Encoder(new T4EncoderOptions { BitOrder = T4BitOrder.LsbFirst, AppendRtc = false });
        await File.WriteAllBytesAsync(temp.File("page.g3"), encoder.EncodeToArray(page));

        ExternalTool.Result result = await ExternalTool.RunAsync("fax2tiff", "-v", "-1", "-M", "-o", temp.File("page.tif"), temp.File("page.g3"));

        Match rows = RowsInInput().Match(result.StandardOutput + result.StandardError);
        Assert.True(!rows.Success || int.Parse(rows.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != page.Height,
            "reading LSB-first data as MSB-first must not look like a good page");
    }

    [GeneratedRegex(@"(\d+) rows in input")]
    private static partial Regex RowsInInput();

    [GeneratedRegex(@"(\d+) total bad rows")]
    private static partial Regex BadRows();
}
