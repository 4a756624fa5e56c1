namespace Gateway.Sip.Media.Rtcp;

/// <summary>Sender information of an SR (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Length = 20;
}
