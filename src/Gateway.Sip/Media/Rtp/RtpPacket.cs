using System.Buffers.Binary;

namespace Gateway.Sip.Media.Rtp;

/// <summary>A parsed view over an RTP datagram; nothing is copied.</summary>
public readonly ref struct RtpPacket
{
    private readonly ReadOnlySpan<byte> _datagram;

    private RtpPacket(ReadOnlySpan<byte> datagram, int csrcCount, int headerLength, int payloadLength, int paddingLength, bool hasExtension)
    {
        _datagram = datagram;
        CsrcCount = csrcCount;
        HeaderLength = headerLength;
        PayloadLength = payloadLength;
        PaddingLength = paddingLength;
        HasExtension = hasExtension;
    }

    public int CsrcCount { get; }

    /// <summary>Fixed header + CSRC list + extension.</summary>
    public int HeaderLength { get; }

    public int PayloadLength { get; }

    public int PaddingLength { get; }

    public bool HasExtension { get; }

    public bool HasPadding => PaddingLength > 0;

    public bool Marker => (_datagram[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_datagram[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_datagram[2..]);

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_datagram[4..]);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_datagram[8..]);

    public ReadOnlySpan<byte> Payload => _datagram.Slice(HeaderLength, PayloadLength);

    public RtpHeader Header => new(PayloadType, Marker, SequenceNumber, Timestamp, Ssrc);

    /// <summary>Profile-defined 16 bits of the header extension (0 when there is none).</summary>
    public ushort ExtensionProfile => HasExtension
        ? BinaryPrimitives.ReadUInt16BigEndian(_datagram[(RtpHeader.FixedLength + (4 * CsrcCount))..])
        : (ushort)0;

    /// <summary>Header extension data after its 4-byte preamble.</summary>
    public ReadOnlySpan<byte> ExtensionData
    {
        get
        {
            if (!HasExtension) return default;
            int start = RtpHeader.FixedLength + (4 * CsrcCount) + 4;
            return _datagram[start..HeaderLength];
        }
    }

    public uint GetCsrc(int index)
    {
        if ((uint)index >= (uint)CsrcCount) throw new ArgumentOutOfRangeException(nameof(index));
        return BinaryPrimitives.ReadUInt32BigEndian(_datagram[(RtpHeader.FixedLength + (4 * index))..]);
    }

    /// <summary>Parses <paramref name="datagram"/>; never throws on malformed input.</summary>
    public static RtpParseError TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (datagram.Length < RtpHeader.FixedLength) return RtpParseError.TooShort;

        byte first = datagram[0];
        if ((first >> 6) != RtpHeader.Version) return RtpParseError.BadVersion;

        int csrcCount = first & 0x0F;
        int headerLength = RtpHeader.FixedLength + (4 * csrcCount);
        if (datagram.Length < headerLength) return RtpParseError.CsrcListTruncated;

        bool hasExtension = (first & 0x10) != 0;
        if (hasExtension)
        {
            if (datagram.Length < headerLength + 4) return RtpParseError.ExtensionTruncated;
            int words = BinaryPrimitives.ReadUInt16BigEndian(datagram[(headerLength + 2)..]);
            headerLength += 4 + (4 * words);
            if (datagram.Length < headerLength) return RtpParseError.ExtensionTruncated;
        }

        int paddingLength = 0;
        if ((first & 0x20) != 0)
        {
            paddingLength = datagram[^1];
            if (paddingLength == 0 || headerLength + paddingLength > datagram.Length) return RtpParseError.BadPadding;
        }

        packet = new RtpPacket(datagram, csrcCount, headerLength, datagram.Length - headerLength - paddingLength, paddingLength, hasExtension);
        return RtpParseError.None;
    }
}
