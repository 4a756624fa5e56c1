using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Tests.Support;

namespace Gateway.Fax.Tests.Codec;

public sealed class T4EncoderOptionsTests
{
    [Theory]
    [InlineData(9600, 10, 96)]
    [InlineData(14400, 20, 288)]
    [InlineData(2400, 40, 96)]
    [InlineData(9600, 0, 0)]
    [InlineData(7200, 5, 36)]
    public void Minimum_line_bits_is_rate_times_scan_time_rounded_up(int bitsPerSecond, int milliseconds, int expected)
    {
        Assert.Equal(expected, T4EncoderOptions.MinimumLineBitsFor(bitsPerSecond, TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Minimum_line_bits_rounds_a_fraction_up()
    {
        Assert.Equal(97, T4EncoderOptions.MinimumLineBitsFor(9601, TimeSpan.FromMilliseconds(10)));
    }

    [Theory]
    [InlineData(T4Compression.ModifiedHuffman, T4BitOrder.LsbFirst)]
    [InlineData(T4Compression.ModifiedHuffman, T4BitOrder.MsbFirst)]
    [InlineData(T4Compression.ModifiedRead, T4BitOrder.LsbFirst)]
    [InlineData(T4Compression.ModifiedRead, T4BitOrder.MsbFirst)]
    public void Every_coded_line_lasts_at_least_the_minimum_bits(T4Compression compression, T4BitOrder order)
    {
        FaxBitmap page = TestBitmaps.TextLike(2, height: 300);
        int tagBits = compression == T4Compression.ModifiedRead ? 1 : 0;
        var options = new T4EncoderOptions { Compression = compression, BitOrder = order, MinimumLineBits = 96 };
        using var encoder = new T4Encoder(options);

        byte[] data = encoder.EncodeToArray(page);

        List<long> eols = EolScanner.EolEnds(data, order);
        Assert.Equal(page.Height + 6, eols.Count);
        int shortest = int.MaxValue;
        for (int line = 0; line < page.Height; line++)
        {
            // From the end of a line's EOL to the end of the next EOL: tag + data + fill + the next EOL.
            shortest = Math.Min(shortest, (int)(eols[line + 1] - eols[line]));
        }

        Assert.True(shortest >= 96, $"shortest line {shortest} bits");
        Assert.True(shortest <= 96 + tagBits, $"white lines should be padded exactly to the minimum, got {shortest}");
        T4DecodeResult decoded = new T4Decoder(new T4DecoderOptions { Compression = compression, BitOrder = order }).Decode(data);
        Assert.True(page.PixelsEqual(decoded.Page));
    }

    [Fact]
    public void Without_fill_an_all_white_mh_line_is_eol_plus_the_1728_white_codes()
    {
        using var encoder = new T4Encoder(new T4EncoderOptions { BitOrder = T4BitOrder.MsbFirst, AppendRtc = false });

        byte[] data = encoder.EncodeToArray(new FaxBitmap(1728, 2));

        // EOL 000000000001, make-up 1728 010011011, terminating 0 00110101: 29 bits a line.
        List<long> eols = EolScanner.EolEnds(data, T4BitOrder.MsbFirst);
        Assert.Equal([11L, 40L], eols);
        Assert.Equal((58 + 7) / 8, data.Length);
    }

    [Theory]
    [InlineData(T4BitOrder.MsbFirst)]
    [InlineData(T4BitOrder.LsbFirst)]
    public void Rtc_is_six_eols_and_can_be_left_to_the_modem(T4BitOrder order)
    {
        FaxBitmap page = TestBitmaps.TextLike(6, height: 120);
        using var withRtc = new T4Encoder(new T4EncoderOptions { BitOrder = order });
        using var withoutRtc = new T4Encoder(new T4EncoderOptions { BitOrder = order, AppendRtc = false });
        var decoder = new T4Decoder(new T4DecoderOptions { BitOrder = order });

        byte[] hostRtc = withRtc.EncodeToArray(page);
        byte[] modemRtc = withoutRtc.EncodeToArray(page);

        List<long> eols = EolScanner.EolEnds(hostRtc, order);
        Assert.Equal(page.Height + 6, eols.Count);
        Assert.Equal(Enumerable.Repeat(12L, 5), eols.Skip(page.Height + 1).Zip(eols.Skip(page.Height), (b, a) => b - a));
        Assert.Equal(page.Height, EolScanner.EolEnds(modemRtc, order).Count);
        T4DecodeResult hostResult = decoder.Decode(hostRtc);
        T4DecodeResult modemResult = decoder.Decode(modemRtc);
        Assert.True(hostResult.EndOfPageSeen);
        Assert.False(modemResult.EndOfPageSeen);
        Assert.True(page.PixelsEqual(hostResult.Page));
        Assert.True(page.PixelsEqual(modemResult.Page));
    }

    [Fact]
    public void Mr_rtc_is_six_eols_each_with_tag_bit_one()
    {
        using var encoder = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, BitOrder = T4BitOrder.MsbFirst });

        byte[] data = encoder.EncodeToArray(new FaxBitmap(1728, 1));

        // After the one line: six times 000000000001 1 = 78 bits; the last byte is zero padded.
        List<long> eols = EolScanner.EolEnds(data, T4BitOrder.MsbFirst);
        Assert.Equal(7, eols.Count);
        foreach (long end in eols.Skip(1))
        {
            Assert.Equal(1, (data[(int)((end + 1) >> 3)] >> (7 - (int)((end + 1) & 7))) & 1);
        }
    }

    [Theory]
    [InlineData(T4Compression.ModifiedHuffman)]
    [InlineData(T4Compression.ModifiedRead)]
    public void Aligned_eols_end_on_a_byte_boundary(T4Compression compression)
    {
        FaxBitmap page = TestBitmaps.RandomRuns(4, height: 60);
        using var encoder = new T4Encoder(new T4EncoderOptions { Compression = compression, BitOrder = T4BitOrder.MsbFirst, AlignEolToByte = true });

        byte[] data = encoder.EncodeToArray(page);

        List<long> eols = EolScanner.EolEnds(data, T4BitOrder.MsbFirst);
        Assert.Equal(page.Height + 6, eols.Count);
        Assert.All(eols, end => Assert.Equal(7, end % 8));
        T4DecodeResult decoded = new T4Decoder(new T4DecoderOptions { Compression = compression, BitOrder = T4BitOrder.MsbFirst }).Decode(data);
        Assert.True(page.PixelsEqual(decoded.Page));
    }

    [Fact]
    public void Mr_codes_one_dimensional_lines_every_k_lines()
    {
        FaxBitmap page = TestBitmaps.TextLike(8, height: 12);
        foreach ((FaxResolution resolution, int k) in new[] { (FaxResolution.Standard, 2), (FaxResolution.Fine, 4) })
        {
            using var encoder = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, BitOrder = T4BitOrder.MsbFirst, Resolution = resolution, AppendRtc = false });
            byte[] data = encoder.EncodeToArray(page);

            List<long> eols = EolScanner.EolEnds(data, T4BitOrder.MsbFirst);
            int[] tags = eols.Select(end => (data[(int)((end + 1) >> 3)] >> (7 - (int)((end + 1) & 7))) & 1).ToArray();
            Assert.Equal(Enumerable.Range(0, page.Height).Select(line => line % k == 0 ? 1 : 0), tags);
        }
    }
}
