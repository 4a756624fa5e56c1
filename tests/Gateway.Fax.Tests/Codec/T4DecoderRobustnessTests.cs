using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Tests.Support;

namespace Gateway.Fax.Tests.Codec;

public sealed class T4DecoderRobustnessTests
{
    [Theory]
    [InlineData(T4Compression.ModifiedHuffman, T4BitOrder.LsbFirst)]
    [InlineData(T4Compression.ModifiedHuffman, T4BitOrder.MsbFirst)]
    [InlineData(T4Compression.ModifiedRead, T4BitOrder.LsbFirst)]
    [InlineData(T4Compression.ModifiedRead, T4BitOrder.MsbFirst)]
    public void Random_bytes_never_throw_and_stay_within_limits(T4Compression compression, T4BitOrder order)
    {
        var random = new Random(1234);
        var decoder = new T4Decoder(new T4DecoderOptions { Compression = compression, BitOrder = order, MaxRows = 3000 });
        int rowsSeen = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] garbage = new byte[random.Next(0, 30000)];
            random.NextBytes(garbage);
            if (i % 3 == 0)
            {
                // Sparse garbage is full of zero runs, so it contains EOLs and gets into line decoding.
                for (int j = 0; j < garbage.Length; j++)
                {
                    garbage[j] &= (byte)random.Next(256);
                    garbage[j] &= (byte)random.Next(256);
                }
            }

            T4DecodeResult result = decoder.Decode(garbage);

            Assert.InRange(result.Rows, 0, 3000);
            Assert.InRange(result.BadRows, 0, result.Rows);
            Assert.Equal(1728, result.Page.Width);
            rowsSeen += result.Rows;
        }

        Assert.True(rowsSeen > 0, "garbage never reached line decoding, the test proves nothing");
    }

    [Theory]
    [InlineData(T4BitOrder.LsbFirst)]
    [InlineData(T4BitOrder.MsbFirst)]
    public void A_corrupt_mh_line_is_counted_and_decoding_resyncs_on_the_next_eol(T4BitOrder order)
    {
        FaxBitmap page = TestBitmaps.Noise(5, height: 40);
        using var encoder = new T4Encoder(new T4EncoderOptions { BitOrder = order });
        byte[] data = encoder.EncodeToArray(page);
        List<long> eols = EolScanner.EolEnds(data, order);
        int middleOfLine10 = (int)((eols[10] + eols[11]) / 16);
        data[middleOfLine10] ^= 0x5A;
        data[middleOfLine10 + 1] ^= 0xFF;

        T4DecodeResult result = new T4Decoder(new T4DecoderOptions { BitOrder = order }).Decode(data);

        Assert.Equal(page.Height, result.Rows);
        Assert.Equal(1, result.BadRows);
        Assert.True(result.EndOfPageSeen);
        Assert.True(result.Page.Row(10).SequenceEqual(result.Page.Row(9)), "a bad row repeats the row above");
        for (int y = 0; y < page.Height; y++)
        {
            if (y != 10)
            {
                Assert.True(page.Row(y).SequenceEqual(result.Page.Row(y)), $"row {y} should decode intact");
            }
        }
    }

    [Fact]
    public void A_corrupt_mr_line_does_not_lose_rows()
    {
        FaxBitmap page = TestBitmaps.TextLike(5, height: 200);
        using var encoder = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, BitOrder = T4BitOrder.MsbFirst });
        byte[] data = encoder.EncodeToArray(page);
        List<long> eols = EolScanner.EolEnds(data, T4BitOrder.MsbFirst);
        int line = Enumerable.Range(40, 100).First(l => eols[l + 1] - eols[l] > 64);
        data[(int)((eols[line] / 8) + 2)] ^= 0xFF;

        T4DecodeResult result = new T4Decoder(new T4DecoderOptions { Compression = T4Compression.ModifiedRead, BitOrder = T4BitOrder.MsbFirst }).Decode(data);

        Assert.Equal(page.Height, result.Rows);
        Assert.InRange(result.BadRows, 1, 4);
        for (int y = 0; y < line; y++)
        {
            Assert.True(page.Row(y).SequenceEqual(result.Page.Row(y)), $"row {y} before the damage should decode intact");
        }
    }

    [Fact]
    public void Truncated_data_keeps_the_rows_before_the_cut()
    {
        FaxBitmap page = TestBitmaps.RandomRuns(3, height: 100);
        using var encoder = new T4Encoder(new T4EncoderOptions());
        byte[] data = encoder.EncodeToArray(page);

        T4DecodeResult result = new T4Decoder(new T4DecoderOptions()).Decode(data.AsSpan(0, data.Length / 2));

        Assert.False(result.EndOfPageSeen);
        Assert.InRange(result.Rows, 40, 60);
        for (int y = 0; y < result.Rows - 1; y++)
        {
            Assert.True(page.Row(y).SequenceEqual(result.Page.Row(y)));
        }
    }

    [Fact]
    public void Max_rows_stops_an_endless_page()
    {
        FaxBitmap tall = new(1728, 500);
        using var encoder = new T4Encoder(new T4EncoderOptions());
        byte[] data = encoder.EncodeToArray(tall);

        T4DecodeResult result = new T4Decoder(new T4DecoderOptions { MaxRows = 100 }).Decode(data);

        Assert.Equal(100, result.Rows);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void Data_without_any_eol_gives_an_empty_page()
    {
        T4DecodeResult result = new T4Decoder(new T4DecoderOptions()).Decode(Enumerable.Repeat((byte)0xA5, 500).ToArray());

        Assert.Equal(0, result.Rows);
        Assert.False(result.EndOfPageSeen);
    }
}
