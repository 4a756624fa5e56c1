using System.Buffers.Binary;

namespace Gateway.Sip.Media.Rtp;

/// <summary>The fixed RTP header fields (RFC 3550 §5.1) that a sender chooses.</summary>
public record struct RtpHeader(byte PayloadType, bool Marker, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    public const int FixedLength = 12;
    public const int Version = 2;

    /// <summary>
    /// Writes the header (version 2, no padding, no extension) followed by <paramref name="csrcs"/>.
    /// Returns the header length, or 0 when <paramref name="destination"/> is too small.
    /// </summary>
    public readonly int Write(Span<byte> destination, ReadOnlySpan<uint> csrcs = default)
    {
        if (csrcs.Length > 15) throw new ArgumentOutOfRangeException(nameof(csrcs), "At most 15 CSRCs.");
        int length = FixedLength + (4 * csrcs.Length);
        if (destination.Length < length) return 0;

        destination[0] = (byte)((Version << 6) | csrcs.Length);
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        for (int i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(FixedLength + (4 * i))..], csrcs[i]);
        }

        return length;
    }
}
