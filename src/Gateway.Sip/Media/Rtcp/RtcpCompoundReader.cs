using System.Buffers.Binary;

namespace Gateway.Sip.Media.Rtcp;

/// <summary>One RTCP packet inside a compound datagram.</summary>
public readonly ref struct RtcpPacket
{
    public RtcpPacket(ReadOnlySpan<byte> bytes)
    {
        Bytes = bytes;
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public RtcpPacketType Type => (RtcpPacketType)Bytes[1];

    /// <summary>Report count (SR/RR) or source count (SDES/BYE).</summary>
    public int Count => Bytes[0] & 0x1F;

    /// <summary>SSRC of the sender (0 for a bare 4-byte packet such as an empty BYE).</summary>
    public uint Ssrc => Bytes.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(Bytes[4..]) : 0;

    /// <summary>Sender info and report blocks of an SR or RR; never throws on malformed input.</summary>
    public RtcpParseError TryReadReport(out RtcpSenderInfo? sender, Span<RtcpReportBlock> blocks, out int blockCount)
    {
        sender = null;
        blockCount = 0;
        int offset = 8;
        if (Type == RtcpPacketType.SenderReport)
        {
            if (Bytes.Length < offset + RtcpSenderInfo.Length) return RtcpParseError.ReportBlocksTruncated;
            sender = new RtcpSenderInfo(
                BinaryPrimitives.ReadUInt64BigEndian(Bytes[8..]),
                BinaryPrimitives.ReadUInt32BigEndian(Bytes[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(Bytes[20..]),
                BinaryPrimitives.ReadUInt32BigEndian(Bytes[24..]));
            offset += RtcpSenderInfo.Length;
        }
        else if (Type != RtcpPacketType.ReceiverReport)
        {
            return RtcpParseError.NotAReport;
        }

        if (Bytes.Length < offset + (Count * RtcpReportBlock.Length)) return RtcpParseError.ReportBlocksTruncated;
        blockCount = Math.Min(Count, blocks.Length);
        for (int i = 0; i < blockCount; i++)
        {
            blocks[i] = RtcpReportBlock.Read(Bytes[(offset + (i * RtcpReportBlock.Length))..]);
        }

        return RtcpParseError.None;
    }
}

/// <summary>Walks the packets of a compound RTCP datagram (RFC 3550 §6.1) without copying.</summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;

    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        Error = RtcpParseError.None;
    }

    /// <summary>Set when <see cref="TryReadNext"/> stopped on a malformed packet.</summary>
    public RtcpParseError Error { get; private set; }

    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        if (_remaining.IsEmpty || Error != RtcpParseError.None) return false;
        if (_remaining.Length < 4) return Fail(RtcpParseError.TooShort);
        if ((_remaining[0] >> 6) != 2) return Fail(RtcpParseError.BadVersion);

        int length = (BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]) + 1) * 4;
        if (length > _remaining.Length) return Fail(RtcpParseError.LengthMismatch);

        packet = new RtcpPacket(_remaining[..length]);
        _remaining = _remaining[length..];
        return true;
    }

    private bool Fail(RtcpParseError error)
    {
        Error = error;
        return false;
    }
}
