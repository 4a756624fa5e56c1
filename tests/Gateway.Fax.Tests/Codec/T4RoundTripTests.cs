using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Tests.Support;

namespace Gateway.Fax.Tests.Codec;

public sealed class T4RoundTripTests
{
    public static TheoryData<T4Compression, T4BitOrder> Schemes() => new()
    {
        { T4Compression.ModifiedHuffman, T4BitOrder.LsbFirst },
        { T4Compression.ModifiedHuffman, T4BitOrder.MsbFirst },
        { T4Compression.ModifiedRead, T4BitOrder.LsbFirst },
        { T4Compression.ModifiedRead, T4BitOrder.MsbFirst },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Random_runs_round_trip_exactly(T4Compression compression, T4BitOrder order)
    {
        for (int seed = 1; seed <= 5; seed++)
        {
            AssertRoundTrip(TestBitmaps.RandomRuns(seed), compression, order, FaxResolution.Fine);
        }
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Pixel_noise_round_trips_exactly(T4Compression compression, T4BitOrder order)
    {
        AssertRoundTrip(TestBitmaps.Noise(7), compression, order, FaxResolution.Standard);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Every_run_length_round_trips_exactly(T4Compression compression, T4BitOrder order)
    {
        AssertRoundTrip(TestBitmaps.EveryRunLength(), compression, order, FaxResolution.Fine);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Text_like_page_round_trips_exactly(T4Compression compression, T4BitOrder order)
    {
        AssertRoundTrip(TestBitmaps.TextLike(3), compression, order, FaxResolution.Standard);
    }

    [Theory]
    [InlineData(T4Compression.ModifiedHuffman)]
    [InlineData(T4Compression.ModifiedRead)]
    public void Runs_longer_than_2560_use_repeated_extended_make_up_codes(T4Compression compression)
    {
        var wide = new FaxBitmap(6000, 4);
        FaxBitmap.FillBlack(wide.Row(1), 0, 6000);
        FaxBitmap.FillBlack(wide.Row(2), 2600, 5400);
        var options = new T4EncoderOptions { Compression = compression, BitOrder = T4BitOrder.MsbFirst };
        using var encoder = new T4Encoder(options);
        byte[] data = encoder.EncodeToArray(wide);

        T4DecodeResult result = new T4Decoder(new T4DecoderOptions { Compression = compression, BitOrder = T4BitOrder.MsbFirst, Width = 6000 }).Decode(data);

        Assert.Equal(0, result.BadRows);
        Assert.True(wide.PixelsEqual(result.Page));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void A_full_page_of_pixel_noise_fits_the_growing_buffer(T4Compression compression, T4BitOrder order)
    {
        // Noise is the worst case for run-length codes: ~1 KB per MH line, well past the first buffer.
        AssertRoundTrip(TestBitmaps.Noise(99, height: 2287), compression, order, FaxResolution.Fine);
    }

    [Fact]
    public void Mr_is_smaller_than_mh_for_a_text_page()
    {
        FaxBitmap page = TestBitmaps.TextLike(5, height: 800);
        using var mh = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedHuffman });
        using var mr = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, Resolution = FaxResolution.Fine });

        int mhBytes = mh.Encode(page).Length;
        int mrBytes = mr.Encode(page).Length;

        Assert.True(mrBytes < mhBytes, $"MR {mrBytes} B should be smaller than MH {mhBytes} B");
    }

    [Fact]
    public void Encoder_reuses_its_buffer_and_gives_the_same_bytes_for_the_same_page()
    {
        FaxBitmap page = TestBitmaps.TextLike(9);
        using var encoder = new T4Encoder(new T4EncoderOptions());

        byte[] first = encoder.EncodeToArray(page);
        encoder.Encode(TestBitmaps.Noise(1));
        byte[] again = encoder.EncodeToArray(page);

        Assert.Equal(first, again);
    }

    internal static void AssertRoundTrip(FaxBitmap page, T4Compression compression, T4BitOrder order, FaxResolution resolution)
    {
        using var encoder = new T4Encoder(new T4EncoderOptions { Compression = compression, BitOrder = order, Resolution = resolution });
        ReadOnlyMemory<byte> data = encoder.Encode(page);

        T4DecodeResult result = new T4Decoder(new T4DecoderOptions { Compression = compression, BitOrder = order, Width = page.Width }).Decode(data.Span);

        Assert.Equal(0, result.BadRows);
        Assert.True(result.EndOfPageSeen);
        Assert.Equal(page.Height, result.Rows);
        Assert.True(page.PixelsEqual(result.Page), $"{compression}/{order}: decoded pixels differ");
    }
}
