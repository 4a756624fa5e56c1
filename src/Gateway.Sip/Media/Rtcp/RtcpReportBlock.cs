using System.Buffers.Binary;

namespace Gateway.Sip.Media.Rtcp;

/// <summary>One reception report block (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    /// <summary>Fraction lost as a ratio 0..1.</summary>
    public double FractionLostRatio => FractionLost / 256.0;

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        int lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);   // 24-bit signed on the wire
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }

    internal static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        uint lossWord = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        int cumulative = (int)(lossWord << 8) >> 8;   // sign-extend 24 bits
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            (byte)(lossWord >> 24),
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    /// <summary>
    /// Round trip from this block's LSR/DLSR, given when the block arrived (RFC 3550 §6.4.1):
    /// RTT = A − LSR − DLSR, all in 16.16 seconds. Null when the far end has no SR from us yet.
    /// </summary>
    public TimeSpan? RoundTrip(DateTimeOffset arrival)
    {
        if (LastSenderReport == 0) return null;
        uint arrivalCompact = NtpTime.Middle32(NtpTime.FromDateTime(arrival));
        int rtt = (int)(arrivalCompact - LastSenderReport - DelaySinceLastSenderReport);
        return rtt < 0 ? TimeSpan.Zero : NtpTime.FromCompact((uint)rtt);
    }
}
