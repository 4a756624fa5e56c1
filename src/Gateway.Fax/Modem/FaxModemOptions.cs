using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;

namespace Gateway.Fax.Modem;

/// <summary>Settings of one Class 2.0 fax modem driver.</summary>
public sealed record FaxModemOptions
{
    /// <summary>Our station id (TSI): digits, space and '+' only.</summary>
    public string StationId { get; init; } = string.Empty;

    /// <summary>Best resolution offered in <c>AT+FCC</c>; the receiver may pick standard.</summary>
    public FaxResolution Resolution { get; init; } = FaxResolution.Fine;

    /// <summary>Best coding offered in <c>AT+FCC</c>; the receiver may pick MH.</summary>
    public T4Compression Compression { get; init; } = T4Compression.ModifiedRead;

    /// <summary>Highest bit rate code offered (0 = 2400 … 5 = 14400).</summary>
    public int MaxBitRateCode { get; init; } = 5;

    public RtcSender RtcBy { get; init; } = RtcSender.Host;

    /// <summary>Timeout of set-up commands (<c>AT+FCLASS</c>, <c>AT+FCC</c>, …).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>From <c>ATD</c> to its OK (T.30 T1 is 35 s; ringing comes first).</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>From <c>AT+FDT</c> to CONNECT (training included).</summary>
    public TimeSpan PageStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>From the end of a page's data to its OK (the modem still sends its buffer, then phase D).</summary>
    public TimeSpan PageEndTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long to wait for <c>+FHS</c> after the last page before asking with <c>AT+FHS?</c>.</summary>
    public TimeSpan HangupWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        FaxStationId.Validate(StationId, nameof(StationId));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBitRateCode, nameof(MaxBitRateCode));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBitRateCode, 5, nameof(MaxBitRateCode));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero, nameof(CommandTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PageStartTimeout, TimeSpan.Zero, nameof(PageStartTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PageEndTimeout, TimeSpan.Zero, nameof(PageEndTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HangupWait, TimeSpan.Zero, nameof(HangupWait));
    }

    /// <summary>What we offer in <c>AT+FCC</c>: A4 width, unlimited length, no ECM, no file transfer, scan time 0.</summary>
    internal T30SessionParameters Capabilities => new(
        VerticalResolution: Resolution == FaxResolution.Fine ? 1 : 0,
        BitRateCode: MaxBitRateCode,
        Width: 0,
        Length: 2,
        DataFormat: Compression == T4Compression.ModifiedRead ? 1 : 0,
        ErrorCorrection: 0,
        FileTransfer: 0,
        ScanTimeCode: 0);
}
