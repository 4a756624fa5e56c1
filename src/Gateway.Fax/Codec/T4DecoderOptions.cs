using Gateway.Fax.Imaging;

namespace Gateway.Fax.Codec;

/// <summary>What to expect when decoding a page of T.4 data.</summary>
public sealed record T4DecoderOptions
{
    public T4Compression Compression { get; init; } = T4Compression.ModifiedHuffman;

    public T4BitOrder BitOrder { get; init; } = T4BitOrder.LsbFirst;

    public int Width { get; init; } = FaxResolutionExtensions.PageWidth;

    /// <summary>Rows kept at most, so endless garbage cannot exhaust memory.</summary>
    public int MaxRows { get; init; } = 8192;
}
