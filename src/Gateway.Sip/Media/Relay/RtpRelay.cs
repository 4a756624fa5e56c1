using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Media.Relay;

/// <summary>
/// The fast path between two legs that share a codec and need no audio processing: each packet
/// is rewritten in the receive buffer (<see cref="RtpStreamRewriter"/>) and sent on the other leg.
/// No decoding, no copy, no allocation per packet.
/// </summary>
public sealed class RtpRelay : IRtpPacketHandler
{
    private readonly RtpEndpoint _first;
    private readonly RtpEndpoint _second;
    private readonly RtpStreamRewriter _towardsSecond;
    private readonly RtpStreamRewriter _towardsFirst;

    public RtpRelay(RtpEndpoint first, RtpEndpoint second)
    {
        _first = first;
        _second = second;
        // Each outgoing stream carries the SSRC of the leg it leaves from, so RTCP on that leg matches it.
        _towardsSecond = new RtpStreamRewriter(second.LocalSsrc, (ushort)Random.Shared.Next(ushort.MaxValue + 1), (uint)Random.Shared.NextInt64(uint.MaxValue + 1L));
        _towardsFirst = new RtpStreamRewriter(first.LocalSsrc, (ushort)Random.Shared.Next(ushort.MaxValue + 1), (uint)Random.Shared.NextInt64(uint.MaxValue + 1L));
    }

    public long RelayedToFirst { get; private set; }

    public long RelayedToSecond { get; private set; }

    /// <summary>Starts both legs with this relay as their packet handler.</summary>
    public void Start()
    {
        _first.Start(this);
        _second.Start(this);
    }

    public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet)
    {
        if (ReferenceEquals(leg, _first))
        {
            _towardsSecond.Rewrite(datagram);
            if (_second.Send(datagram)) RelayedToSecond++;
        }
        else
        {
            _towardsFirst.Rewrite(datagram);
            if (_first.Send(datagram)) RelayedToFirst++;
        }
    }
}
