using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Media.Playback;

/// <summary>
/// Plays tones and prompts into one leg (ringback to the caller, announcements, hold music) and
/// sends DTMF on it: on each 20 ms tick the current source's frame is encoded and sent, or the
/// next RFC 4733 packet when a digit is in progress. When nothing plays, nothing is sent but the
/// media clock advances, so a later source continues the same stream. No allocation per tick.
/// </summary>
public sealed class LegPlayer
{
    private const int FrameSamples = 160;

    private readonly IRtpSender _leg;
    private readonly IAudioCodec _codec;
    private readonly RtpPacketizer _packetizer;
    private DtmfTransmitter? _dtmf;
    private readonly short[] _frame = new short[FrameSamples];
    private readonly byte[] _payload = new byte[FrameSamples];
    private readonly byte[] _datagram = new byte[RtpHeader.FixedLength + FrameSamples];
    private IAudioFrameSource? _source;
    private bool _startOfTalkspurt = true;

    /// <param name="leg">The leg itself, or the relayed stream towards it (tones and hold music in a bridged call).</param>
    /// <param name="telephoneEventPayloadType">Negotiated RFC 4733 payload type, or −1 when DTMF cannot be sent.</param>
    public LegPlayer(IRtpSender leg, IAudioCodec codec, int telephoneEventPayloadType = -1)
    {
        _leg = leg;
        _codec = codec;
        _packetizer = RtpPacketizer.CreateRandom(leg.LocalSsrc);
        if (telephoneEventPayloadType >= 0) _dtmf = new DtmfTransmitter((byte)telephoneEventPayloadType, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Raised on the clock thread when a source that is not looping has ended.</summary>
    public event Action<LegPlayer, IAudioFrameSource>? Finished;

    public bool IsPlaying => Volatile.Read(ref _source) is not null;

    /// <summary>Replaces whatever plays now.</summary>
    public void Play(IAudioFrameSource source)
    {
        Volatile.Write(ref _source, source);
    }

    public void Stop() => Volatile.Write(ref _source, null);

    /// <summary>The leg's RFC 4733 sender, or null when no telephone-event payload type was negotiated.</summary>
    public DtmfTransmitter? Dtmf => Volatile.Read(ref _dtmf);

    /// <summary>True while a source plays or digits are queued or going out: the player has packets to send.</summary>
    public bool HasWork => IsPlaying || Volatile.Read(ref _dtmf)?.HasWork == true;

    /// <summary>
    /// Lets the player send digits once the leg's telephone-event payload type is known (a bridged call learns the
    /// callee's from its answer, after the player was made for ringback); the first call decides.
    /// </summary>
    public DtmfTransmitter EnableDigits(byte telephoneEventPayloadType)
    {
        Interlocked.CompareExchange(ref _dtmf, new DtmfTransmitter(telephoneEventPayloadType, TimeSpan.FromMilliseconds(100)), null);
        return _dtmf!;
    }

    /// <summary>Queues digits to send as RFC 4733 events (they pause the audio while they are sent).</summary>
    public void SendDigits(string digits, TimeSpan? toneDuration = null)
    {
        var dtmf = Volatile.Read(ref _dtmf) ?? throw new InvalidOperationException("No telephone-event payload type was negotiated on this leg.");
        dtmf.Enqueue(digits, toneDuration);
    }

    /// <summary>One 20 ms step; returns true when a packet was sent.</summary>
    public bool Tick()
    {
        if (Volatile.Read(ref _dtmf) is { } dtmf)
        {
            int eventLength = dtmf.WriteNext(_packetizer, _datagram);
            if (eventLength > 0)
            {
                _startOfTalkspurt = true;
                return _leg.Send(_datagram.AsSpan(0, eventLength));
            }
        }

        var source = Volatile.Read(ref _source);
        if (source is null)
        {
            _packetizer.Skip(FrameSamples);
            _startOfTalkspurt = true;
            return false;
        }

        if (!source.ReadFrame(_frame))
        {
            Interlocked.CompareExchange(ref _source, null, source);
            Finished?.Invoke(this, source);
            _packetizer.Skip(FrameSamples);
            _startOfTalkspurt = true;
            return false;
        }

        int payloadLength = _codec.Encode(_frame, _payload);
        int length = _packetizer.Write(_datagram, _codec.PayloadType, _payload.AsSpan(0, payloadLength), FrameSamples, marker: _startOfTalkspurt);
        _startOfTalkspurt = false;
        return _leg.Send(_datagram.AsSpan(0, length));
    }
}
