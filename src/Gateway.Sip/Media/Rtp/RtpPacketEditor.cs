using System.Buffers.Binary;

namespace Gateway.Sip.Media.Rtp;

/// <summary>In-place edits of a header already known to be valid RTP (used by the relay fast path).</summary>
public static class RtpPacketEditor
{
    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequenceNumber);

    public static void SetTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);

    public static void SetSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);

    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);

    public static void SetPayloadType(Span<byte> packet, byte payloadType) =>
        packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));
}
