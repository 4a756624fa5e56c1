namespace Gateway.Sip.Sdp;

/// <summary>One RTP payload format of an m= line with its rtpmap/fmtp (RFC 4566 §6).</summary>
public sealed record SdpPayloadType(int Number, string EncodingName, int ClockRate, string? FormatParameters = null)
{
    public static SdpPayloadType Pcma { get; } = new(8, "PCMA", 8000);
    public static SdpPayloadType Pcmu { get; } = new(0, "PCMU", 8000);
    public static SdpPayloadType TelephoneEvent { get; } = new(101, "telephone-event", 8000, "0-16");

    public bool IsTelephoneEvent => EncodingName.Equals("telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>Same codec by name and rate (payload numbers may differ between offer and answer for dynamic types).</summary>
    public bool SameFormat(SdpPayloadType other) =>
        EncodingName.Equals(other.EncodingName, StringComparison.OrdinalIgnoreCase) && ClockRate == other.ClockRate;

    /// <summary>RFC 3551 static types need no rtpmap; we know the two we use.</summary>
    internal static SdpPayloadType? Static(int number) => number switch
    {
        0 => Pcmu,
        8 => Pcma,
        _ => null,
    };
}
