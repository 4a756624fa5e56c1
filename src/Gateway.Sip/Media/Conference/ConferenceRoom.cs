using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Jitter;
using Gateway.Sip.Media.Mixing;
using Gateway.Sip.Media.Recording;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Media.Conference;

/// <summary>One leg's place in a <see cref="ConferenceRoom"/>.</summary>
public sealed class ConferenceMember
{
    private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _pending;
    private int _pendingLength;
    private bool _startOfTalkspurt;

    internal ConferenceMember(RtpEndpoint endpoint, DecodedLegInput input, MixerParty party, IAudioCodec codec, RtpPacketizer packetizer, int packetTimeMs,
        int telephoneEventPayloadType)
    {
        if (telephoneEventPayloadType >= 0) Dtmf = new DtmfTransmitter((byte)telephoneEventPayloadType, TimeSpan.FromMilliseconds(100));
        Endpoint = endpoint;
        Input = input;
        Party = party;
        Codec = codec;
        Packetizer = packetizer;
        PacketTimeMs = packetTimeMs;
        PacketSamples = packetTimeMs * codec.ClockRate / 1000;
        _pending = new byte[codec.EncodedLength(PacketSamples + ConferenceMixer.FrameSamples)];
    }

    /// <summary>Milliseconds of audio in each packet the room sends on this leg (the leg's negotiated ptime).</summary>
    public int PacketTimeMs { get; }

    /// <summary>Completes once the member has faded out and the room no longer reads or sends on its leg (safe to dispose it).</summary>
    public Task Removed => _removed.Task;

    internal int PacketSamples { get; }

    internal void MarkRemoved() => _removed.TrySetResult();

    /// <summary>Digits sent to this leg as RFC 4733 events in place of the mix; null when the leg has no telephone-event.</summary>
    public DtmfTransmitter? Dtmf { get; }

    /// <summary>
    /// Queues one encoded 20 ms frame and sends every complete packet of the leg's ptime: 10 ms legs get two
    /// packets per tick, 40/60 ms legs one every second/third tick. While a digit is sent its event packet goes
    /// instead (one per tick) and the mix for this leg is dropped. No allocation.
    /// </summary>
    internal void SendFrame(ReadOnlySpan<short> frame, Span<byte> datagram)
    {
        if (Dtmf is { } dtmf)
        {
            int eventLength = dtmf.WriteNext(Packetizer, datagram);
            if (eventLength > 0)
            {
                Endpoint.Send(datagram[..eventLength]);
                _pendingLength = 0;
                _startOfTalkspurt = true;
                return;
            }
        }

        _pendingLength += Codec.Encode(frame, _pending.AsSpan(_pendingLength));
        int packetBytes = Codec.EncodedLength(PacketSamples);
        int sent = 0;
        while (_pendingLength - sent >= packetBytes)
        {
            int length = Packetizer.Write(datagram, Codec.PayloadType, _pending.AsSpan(sent, packetBytes), PacketSamples, marker: _startOfTalkspurt);
            _startOfTalkspurt = false;
            Endpoint.Send(datagram[..length]);
            sent += packetBytes;
        }

        if (sent == 0) return;
        _pending.AsSpan(sent, _pendingLength - sent).CopyTo(_pending);
        _pendingLength -= sent;
    }

    public RtpEndpoint Endpoint { get; }

    public DecodedLegInput Input { get; }

    public IAudioCodec Codec { get; }

    internal MixerParty Party { get; }

    internal RtpPacketizer Packetizer { get; }
}

/// <summary>
/// The decoded path for N legs (three-way calls with 12345, dispatcher conferences): on every
/// 20 ms tick each leg's jitter buffer gives a frame, the mixer gives each leg everyone else, and
/// the result is encoded and sent on the leg. Optionally records the call (one member is "the
/// caller"). <see cref="Tick"/> is driven by a <see cref="MediaFrameClock"/>; it allocates nothing.
/// </summary>
public sealed class ConferenceRoom
{
    private const int FrameSamples = ConferenceMixer.FrameSamples;
    private const int MaxPacketTimeMs = 60;

    private readonly Lock _membersGate = new();
    private readonly ConferenceMixer _mixer = new();
    private readonly JitterBufferOptions? _jitterOptions;
    private readonly TimeProvider _time;
    private readonly byte[] _datagram = new byte[RtpHeader.FixedLength + MaxPacketTimeMs * 8];
    private readonly short[] _callerFrame = new short[FrameSamples];
    private ConferenceMember[] _members = [];
    private CallRecorder? _recorder;
    private ConferenceMember? _recordedCaller;

    public ConferenceRoom(TimeProvider time, JitterBufferOptions? jitterOptions = null)
    {
        _time = time;
        _jitterOptions = jitterOptions;
    }

    public int MemberCount => _members.Length;

    /// <summary>Adds a leg (already opened, not started) to the room and starts its receive loop.</summary>
    /// <param name="packetTimeMs">ptime of the packets sent on this leg: 10 to 60 in steps of 10 (the jitter buffer takes any ptime in).</param>
    public ConferenceMember Join(RtpEndpoint endpoint, IAudioCodec codec, int telephoneEventPayloadType = -1, string? name = null, int packetTimeMs = 20)
    {
        if (packetTimeMs is < 10 or > MaxPacketTimeMs || packetTimeMs % 10 != 0 || codec.ClockRate != 8000)
        {
            throw new ArgumentOutOfRangeException(nameof(packetTimeMs), "The room sends 8 kHz audio in packets of 10 to 60 ms in steps of 10.");
        }

        var input = new DecodedLegInput(codec, telephoneEventPayloadType, _time, _jitterOptions);
        var member = new ConferenceMember(endpoint, input, _mixer.Join(name ?? endpoint.LocalRtpPort.ToString()), codec,
            RtpPacketizer.CreateRandom(endpoint.LocalSsrc), packetTimeMs, telephoneEventPayloadType);
        lock (_membersGate) _members = [.. _members, member];
        endpoint.Start(input);
        return member;
    }

    /// <summary>
    /// Fades the leg out of the mix over the next tick (its audio keeps being read until then, so the
    /// others hear a fade, not a cut); it is dropped from the room after that. The caller disposes its endpoint.
    /// </summary>
    public void Leave(ConferenceMember member)
    {
        _mixer.Leave(member.Party);
        if (ReferenceEquals(member, _recordedCaller)) _recordedCaller = null;
    }

    /// <summary>Records from now on: <paramref name="caller"/> on one side, what the caller hears on the other.</summary>
    public void StartRecording(CallRecorder recorder, ConferenceMember caller)
    {
        _recorder = recorder;
        _recordedCaller = caller;
    }

    /// <summary>One 20 ms step of the conference.</summary>
    public void Tick()
    {
        var members = _members;
        foreach (var member in members) member.Input.ReadFrame(member.Party.Input);
        if (_recordedCaller is { } recorded) recorded.Party.Input.CopyTo(_callerFrame);
        _mixer.Mix();

        foreach (var member in members) member.SendFrame(member.Party.Output, _datagram);

        if (_recorder is { } recorder && _recordedCaller is { } caller) recorder.WriteFrame(_callerFrame, caller.Party.Output);

        foreach (var member in members)
        {
            if (!member.Party.IsActive)
            {
                RemoveFadedMembers();
                break;
            }
        }
    }

    private void RemoveFadedMembers()
    {
        ConferenceMember[] removed;
        lock (_membersGate)
        {
            removed = [.. _members.Where(m => !m.Party.IsActive)];
            _members = [.. _members.Where(m => m.Party.IsActive)];
        }

        foreach (var member in removed) member.MarkRemoved();
    }
}
