using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>Looks at a relayed leg's packets for RFC 4733 events only; audio is not touched (relay fast path stays).</summary>
public sealed class TelephoneEventObserver(int telephoneEventPayloadType, int clockRate = 8000) : IRtpPacketHandler
{
    public DtmfReceiver Dtmf { get; } = new(clockRate);

    public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet)
    {
        if (packet.PayloadType == telephoneEventPayloadType) Dtmf.Process(packet.Timestamp, packet.Payload);
    }
}
