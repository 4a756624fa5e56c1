using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Recording;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>
/// A leg's received audio for a recording: RFC 4733 packets go to <see cref="Dtmf"/>, audio is decoded into the
/// recording's <see cref="RecordingTimeline"/> once one is attached (no jitter buffer: the time line places packets by
/// timestamp). No allocation per packet; runs on the leg's receive loop.
/// </summary>
public sealed class RecordedLegInput(IAudioCodec codec, int telephoneEventPayloadType) : IRtpPacketHandler
{
    private const int MaxSamplesPerPacket = 1440;   // 180 ms at 8 kHz, beyond any ptime we negotiate

    private readonly short[] _decoded = new short[MaxSamplesPerPacket];
    private RecordingTimeline? _timeline;
    private uint? _sourceSsrc;

    public DtmfReceiver Dtmf { get; } = new(codec.ClockRate);

    /// <summary>Audio from now on goes to <paramref name="timeline"/>.</summary>
    public void RecordInto(RecordingTimeline timeline) => Volatile.Write(ref _timeline, timeline);

    public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet)
    {
        var timeline = Volatile.Read(ref _timeline);
        if (_sourceSsrc != packet.Ssrc)
        {
            // A new source has its own timestamp origin.
            if (_sourceSsrc is not null) timeline?.NewSource();
            _sourceSsrc = packet.Ssrc;
        }

        if (packet.PayloadType == codec.PayloadType)
        {
            if (timeline is null || packet.Payload.IsEmpty || codec.DecodedLength(packet.Payload.Length) > _decoded.Length) return;
            int samples = codec.Decode(packet.Payload, _decoded);
            timeline.InsertRtp(packet.Timestamp, _decoded.AsSpan(0, samples));
        }
        else if (packet.PayloadType == telephoneEventPayloadType)
        {
            Dtmf.Process(packet.Timestamp, packet.Payload);
        }
    }
}
