namespace Gateway.Sip.Media.Rtp;

/// <summary>
/// Writes outgoing RTP packets of one source we originate (prompts, tones, mixer output, DTMF):
/// fixed SSRC, sequence +1 per packet, timestamp advanced by the samples each packet covers.
/// </summary>
public sealed class RtpPacketizer
{
    private ushort _sequence;
    private uint _timestamp;

    public RtpPacketizer(uint ssrc, ushort initialSequence, uint initialTimestamp)
    {
        Ssrc = ssrc;
        _sequence = initialSequence;
        _timestamp = initialTimestamp;
    }

    /// <summary>Creates a packetizer with random initial sequence and timestamp (RFC 3550 §5.1).</summary>
    public static RtpPacketizer CreateRandom(uint ssrc) =>
        new(ssrc, (ushort)Random.Shared.Next(ushort.MaxValue + 1), (uint)Random.Shared.NextInt64(uint.MaxValue + 1L));

    public uint Ssrc { get; }

    /// <summary>Timestamp the next packet will carry.</summary>
    public uint NextTimestamp => _timestamp;

    public ushort NextSequence => _sequence;

    /// <summary>
    /// Writes header + payload into <paramref name="destination"/> and advances the clock by
    /// <paramref name="samples"/>. Returns the datagram length, 0 when it does not fit.
    /// </summary>
    public int Write(Span<byte> destination, byte payloadType, ReadOnlySpan<byte> payload, int samples, bool marker = false)
    {
        int length = WriteAt(destination, payloadType, payload, _timestamp, marker);
        if (length > 0) _timestamp += (uint)samples;
        return length;
    }

    /// <summary>
    /// Writes a packet with an explicit timestamp (RFC 4733 events keep the event start timestamp)
    /// without advancing the media clock; the sequence still advances.
    /// </summary>
    public int WriteAt(Span<byte> destination, byte payloadType, ReadOnlySpan<byte> payload, uint timestamp, bool marker = false)
    {
        int headerLength = new RtpHeader(payloadType, marker, _sequence, timestamp, Ssrc).Write(destination);
        if (headerLength == 0 || destination.Length < headerLength + payload.Length) return 0;
        payload.CopyTo(destination[headerLength..]);
        _sequence++;
        return headerLength + payload.Length;
    }

    /// <summary>Continues another writer's stream of the same SSRC (digits injected into a relayed stream).</summary>
    public void MoveTo(ushort nextSequence, uint nextTimestamp)
    {
        _sequence = nextSequence;
        _timestamp = nextTimestamp;
    }

    /// <summary>Advances the media clock without sending (silence suppressed, or time covered by DTMF).</summary>
    public void Skip(int samples) => _timestamp += (uint)samples;
}
