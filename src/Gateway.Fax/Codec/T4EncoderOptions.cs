using Gateway.Fax.Imaging;

namespace Gateway.Fax.Codec;

/// <summary>How a page is coded for one transmission (or for the archive).</summary>
public sealed record T4EncoderOptions
{
    public T4Compression Compression { get; init; } = T4Compression.ModifiedHuffman;

    public T4BitOrder BitOrder { get; init; } = T4BitOrder.LsbFirst;

    /// <summary>Decides MR's K factor (2 standard, 4 fine).</summary>
    public FaxResolution Resolution { get; init; } = FaxResolution.Fine;

    /// <summary>
    /// Minimum bits of every coded line, EOL included: zero fill bits go before the EOL until it is met
    /// (T.4 §4.1.3). See <see cref="MinimumLineBitsFor"/>.
    /// </summary>
    public int MinimumLineBits { get; init; }

    /// <summary>Append RTC (six EOLs) after the last line. Off when the modem sends RTC itself.</summary>
    public bool AppendRtc { get; init; } = true;

    /// <summary>Pad with fill bits so every EOL ends on a byte boundary (TIFF T4Options bit 2).</summary>
    public bool AlignEolToByte { get; init; }

    /// <summary>MR K factor derived from <see cref="Resolution"/>.</summary>
    public int KFactor => Resolution.MrKFactor();

    /// <summary>Bits one scan line must last: negotiated bit rate × receiver's minimum scan-line time, rounded up.</summary>
    public static int MinimumLineBitsFor(int bitsPerSecond, TimeSpan minimumScanLineTime)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumScanLineTime, TimeSpan.Zero);
        return checked((int)((((long)bitsPerSecond * minimumScanLineTime.Ticks) + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond));
    }
}
