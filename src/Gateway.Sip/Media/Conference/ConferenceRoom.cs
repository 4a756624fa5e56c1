using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Jitter;
using Gateway.Sip.Media.Mixing;
using Gateway.Sip.Media.Recording;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Media.Conference;

/// <summary>One leg's place in a <see cref="ConferenceRoom"/>.</summary>
public sealed class ConferenceMember
{
    internal ConferenceMember(RtpEndpoint endpoint, DecodedLegInput input, MixerParty party, IAudioCodec codec, RtpPacketizer packetizer)
    {
        Endpoint = endpoint;
        Input = input;
        Party = party;
        Codec = codec;
        Packetizer = packetizer;
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

    private readonly Lock _membersGate = new();
    private readonly ConferenceMixer _mixer = new();
    private readonly JitterBufferOptions? _jitterOptions;
    private readonly TimeProvider _time;
    private readonly byte[] _payload = new byte[FrameSamples];
    private readonly byte[] _datagram = new byte[RtpHeader.FixedLength + FrameSamples];
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
    public ConferenceMember Join(RtpEndpoint endpoint, IAudioCodec codec, int telephoneEventPayloadType = -1, string? name = null)
    {
        var input = new DecodedLegInput(codec, telephoneEventPayloadType, _time, _jitterOptions);
        var member = new ConferenceMember(endpoint, input, _mixer.Join(name ?? endpoint.LocalRtpPort.ToString()), codec, RtpPacketizer.CreateRandom(endpoint.LocalSsrc));
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

        foreach (var member in members)
        {
            int payloadLength = member.Codec.Encode(member.Party.Output, _payload);
            int length = member.Packetizer.Write(_datagram, member.Codec.PayloadType, _payload.AsSpan(0, payloadLength), FrameSamples);
            member.Endpoint.Send(_datagram.AsSpan(0, length));
        }

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
        lock (_membersGate) _members = [.. _members.Where(m => m.Party.IsActive)];
    }
}
