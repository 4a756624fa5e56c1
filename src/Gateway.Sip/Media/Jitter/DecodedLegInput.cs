using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Media.Jitter;

/// <summary>
/// Receive side of a decoded leg: audio packets are decoded and placed in an adaptive jitter
/// buffer, RFC 4733 packets go to the leg's <see cref="DtmfReceiver"/>. The receive loop inserts,
/// the media clock reads; a short lock keeps the two apart. No allocation per packet.
/// </summary>
public sealed class DecodedLegInput : IRtpPacketHandler
{
    private const int MaxSamplesPerPacket = 1440;   // 180 ms at 8 kHz, beyond any ptime we negotiate

    private readonly Lock _gate = new();
    private readonly IAudioCodec _codec;
    private readonly int _telephoneEventPayloadType;
    private readonly TimeProvider _time;
    private readonly AdaptiveJitterBuffer _jitterBuffer;
    private readonly short[] _decoded = new short[MaxSamplesPerPacket];
    private uint? _sourceSsrc;

    /// <param name="telephoneEventPayloadType">Negotiated RFC 4733 payload type, or −1 when none.</param>
    public DecodedLegInput(IAudioCodec codec, int telephoneEventPayloadType, TimeProvider time, JitterBufferOptions? options = null)
    {
        _codec = codec;
        _telephoneEventPayloadType = telephoneEventPayloadType;
        _time = time;
        _jitterBuffer = new AdaptiveJitterBuffer(options);
        Dtmf = new DtmfReceiver(codec.ClockRate);
    }

    public DtmfReceiver Dtmf { get; }

    /// <summary>Packets with a payload type that was not negotiated.</summary>
    public long UnexpectedPayloadTypes { get; private set; }

    /// <summary>Raised after an audio packet was placed in the jitter buffer (tests and diagnostics).</summary>
    public event Action<DecodedLegInput>? AudioQueued;

    public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet)
    {
        if (_sourceSsrc != packet.Ssrc)
        {
            // A new source has its own timestamp origin: start the buffer afresh rather than call it late.
            if (_sourceSsrc is not null)
            {
                lock (_gate) _jitterBuffer.Reset();
            }

            _sourceSsrc = packet.Ssrc;
        }

        Accept(packet.PayloadType, packet.Timestamp, packet.Payload);
    }

    /// <summary>Takes one packet's payload (also usable without a socket).</summary>
    public void Accept(byte payloadType, uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (payloadType == _codec.PayloadType)
        {
            if (payload.IsEmpty || _codec.DecodedLength(payload.Length) > _decoded.Length) return;
            bool queued;
            lock (_gate)
            {
                int samples = _codec.Decode(payload, _decoded);
                queued = _jitterBuffer.Insert(timestamp, _decoded.AsSpan(0, samples), _time.GetElapsedTime(0));
            }

            if (queued) AudioQueued?.Invoke(this);
        }
        else if (payloadType == _telephoneEventPayloadType)
        {
            Dtmf.Process(timestamp, payload);
        }
        else
        {
            UnexpectedPayloadTypes++;
        }
    }

    /// <summary>The next 20 ms frame for the mixer, recorder or VAD.</summary>
    public JitterFrameKind ReadFrame(Span<short> frame)
    {
        lock (_gate) return _jitterBuffer.ReadFrame(frame);
    }

    /// <summary>Depth, jitter and drop counters of the buffer (read under the lock).</summary>
    public (int TargetDepthFrames, TimeSpan Jitter, long Late, long Concealed) BufferState
    {
        get
        {
            lock (_gate) return (_jitterBuffer.TargetDepthFrames, _jitterBuffer.Jitter, _jitterBuffer.LatePackets, _jitterBuffer.ConcealedFrames);
        }
    }
}
