using System.Buffers.Binary;
using System.Text;

namespace Gateway.Sip.Media.Rtcp;

/// <summary>Builds RTCP packets into caller-supplied buffers. Each method returns bytes written, 0 if it did not fit.</summary>
public static class RtcpWriter
{
    private const int CommonHeaderLength = 4;
    private const int MaxReportBlocks = 31;

    public static int WriteSenderReport(Span<byte> destination, uint ssrc, in RtcpSenderInfo sender, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = CommonHeaderLength + 4 + RtcpSenderInfo.Length + (blocks.Length * RtcpReportBlock.Length);
        if (blocks.Length > MaxReportBlocks || destination.Length < length) return 0;

        WriteCommonHeader(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], sender.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], sender.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], sender.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], sender.OctetCount);
        WriteBlocks(destination[28..], blocks);
        return length;
    }

    public static int WriteReceiverReport(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = CommonHeaderLength + 4 + (blocks.Length * RtcpReportBlock.Length);
        if (blocks.Length > MaxReportBlocks || destination.Length < length) return 0;

        WriteCommonHeader(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        WriteBlocks(destination[8..], blocks);
        return length;
    }

    /// <summary>An SDES packet with one chunk carrying CNAME, required in every compound packet.</summary>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, string canonicalName)
    {
        int nameLength = Encoding.UTF8.GetByteCount(canonicalName);
        if (nameLength > 255) throw new ArgumentException("CNAME longer than 255 bytes.", nameof(canonicalName));
        int itemsLength = 2 + nameLength + 1;                       // CNAME item + END
        int chunkLength = 4 + ((itemsLength + 3) & ~3);             // pad chunk to 32 bits
        int length = CommonHeaderLength + chunkLength;
        if (destination.Length < length) return 0;

        WriteCommonHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = 1;                                         // CNAME
        destination[9] = (byte)nameLength;
        Encoding.UTF8.GetBytes(canonicalName, destination[10..]);
        destination[(10 + nameLength)..length].Clear();             // END item and padding
        return length;
    }

    public static int WriteGoodbye(Span<byte> destination, uint ssrc)
    {
        const int length = CommonHeaderLength + 4;
        if (destination.Length < length) return 0;
        WriteCommonHeader(destination, 1, RtcpPacketType.Goodbye, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return length;
    }

    private static void WriteCommonHeader(Span<byte> destination, int count, RtcpPacketType type, int length)
    {
        destination[0] = (byte)((2 << 6) | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }

    private static void WriteBlocks(Span<byte> destination, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Length; i++) blocks[i].Write(destination[(i * RtcpReportBlock.Length)..]);
    }
}
