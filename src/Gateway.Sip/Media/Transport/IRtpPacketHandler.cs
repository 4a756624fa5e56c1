using Gateway.Sip.Media.Rtp;

namespace Gateway.Sip.Media.Transport;

/// <summary>
/// Receives each valid RTP packet of a leg on the leg's receive loop. The datagram lives in the
/// leg's pooled buffer and is only valid during the call; it may be edited in place (relay).
/// </summary>
public interface IRtpPacketHandler
{
    void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet);
}
