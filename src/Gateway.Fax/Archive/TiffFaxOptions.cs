using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;

namespace Gateway.Fax.Archive;

/// <summary>How pages are stored in a TIFF Class F file.</summary>
public sealed record TiffFaxOptions
{
    public T4Compression Compression { get; init; } = T4Compression.ModifiedHuffman;

    /// <summary>Recorded as FillOrder 1 (MSB-first) or 2 (LSB-first, as sent to a Class 2.0 modem).</summary>
    public T4BitOrder BitOrder { get; init; } = T4BitOrder.MsbFirst;

    public FaxResolution Resolution { get; init; } = FaxResolution.Fine;
}
