using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Media.Relay;

/// <summary>
/// The fast path between two legs that share a codec and need no audio processing: each packet
/// is rewritten in the receive buffer (<see cref="RtpStreamRewriter"/>) and sent on the other leg.
/// No decoding, no copy, no allocation per packet. Either direction can be taken over by a local
/// player for a while (<see cref="Towards"/>: ringback, busy tone, hold music) without breaking its stream.
/// </summary>
public sealed class RtpRelay : IRtpPacketHandler
{
    private readonly RtpEndpoint _first;
    private readonly RtpEndpoint _second;
    private readonly RelayedStream _towardsSecond;
    private readonly RelayedStream _towardsFirst;

    public RtpRelay(RtpEndpoint first, RtpEndpoint second)
    {
        _first = first;
        _second = second;
        _towardsSecond = new RelayedStream(second);
        _towardsFirst = new RelayedStream(first);
    }

    public long RelayedToFirst => _towardsFirst.Relayed;

    public long RelayedToSecond => _towardsSecond.Relayed;

    /// <summary>The stream <paramref name="leg"/> sends to its far end (one of this relay's two legs).</summary>
    public RelayedStream Towards(RtpEndpoint leg) =>
        ReferenceEquals(leg, _first) ? _towardsFirst
        : ReferenceEquals(leg, _second) ? _towardsSecond
        : throw new ArgumentException("Not a leg of this relay.", nameof(leg));

    /// <summary>Starts both legs with this relay as their packet handler.</summary>
    public void Start()
    {
        _first.Start(this);
        _second.Start(this);
    }

    public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet)
    {
        if (ReferenceEquals(leg, _first)) _towardsSecond.Relay(datagram);
        else _towardsFirst.Relay(datagram);
    }
}
