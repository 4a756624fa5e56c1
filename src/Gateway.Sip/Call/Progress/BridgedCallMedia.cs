using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Playback;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.Progress;

/// <summary>
/// The media of a bridged call from its first early media to its end. Both legs are started once with this as their
/// handler; each direction is either relayed (the fast path, through the recording/DTMF tap once answered) or fed by a
/// local player (ringback, busy tone, hold music) whose packets go through the same relayed stream, so each party
/// receives one continuous RTP source across every switch. A 20 ms clock runs only while something local plays.
/// </summary>
public sealed class BridgedCallMedia : IRtpPacketHandler, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly RtpEndpoint _callerLeg;
    private readonly RtpEndpoint _calleeLeg;
    private readonly RtpRelay _relay;
    private readonly Direction _toCaller;
    private readonly Direction _toCallee;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private IRtpPacketHandler? _tap;
    private MediaFrameClock? _clock;
    private Task _clockStopped = Task.CompletedTask;
    private bool _started;
    private bool _disposed;

    public BridgedCallMedia(RtpEndpoint callerLeg, RtpEndpoint calleeLeg, IAudioCodec codec, TimeProvider time, ILoggerFactory loggers)
    {
        _callerLeg = callerLeg;
        _calleeLeg = calleeLeg;
        _time = time;
        _loggers = loggers;
        _relay = new RtpRelay(callerLeg, calleeLeg);
        _toCaller = new Direction(_relay.Towards(callerLeg), codec);
        _toCallee = new Direction(_relay.Towards(calleeLeg), codec);
        // Until told otherwise neither party hears anything (a caller's early audio does not reach a ringing phone).
        _toCaller.Stream.IsLocal = true;
        _toCallee.Stream.IsLocal = true;
    }

    public RtpRelay Relay => _relay;

    /// <summary>True while a local clock is running (tests and diagnostics).</summary>
    public bool ClockRunning
    {
        get
        {
            lock (_gate) return _clock is not null;
        }
    }

    /// <summary>The stream towards <paramref name="side"/> (tests and diagnostics).</summary>
    public RelayedStream StreamTowards(CallSide side) => DirectionTo(side).Stream;

    /// <summary>From the answer on, packets pass the tap (DTMF, recording) before the relay.</summary>
    public void AttachTap(IRtpPacketHandler tap) => Volatile.Write(ref _tap, tap);

    /// <summary>Makes <paramref name="side"/> hear what <paramref name="hears"/> says; a source already playing there keeps playing.</summary>
    public void Apply(CallSide side, PartyHears hears, Func<IAudioFrameSource> source)
    {
        lock (_gate)
        {
            if (_disposed) return;
            var direction = DirectionTo(side);
            if (direction.Hears == hears) return;
            direction.Hears = hears;
            switch (hears)
            {
                case PartyHears.Nothing:
                    direction.Player.Stop();
                    direction.Stream.IsLocal = true;
                    break;
                case PartyHears.FarEarlyMedia or PartyHears.OtherParty:
                    direction.Player.Stop();
                    direction.Stream.IsLocal = direction.SendingDigits;   // returns once no local packet can follow
                    break;
                default:
                    direction.Stream.IsLocal = true;
                    direction.Player.Play(source());
                    break;
            }
            StartLegs();
            UpdateClock();
        }
    }

    /// <summary>
    /// Digits towards <paramref name="side"/> (the API's): sent by that direction's player in
    /// <paramref name="telephoneEventPayloadType"/>; null when the party negotiated no telephone-event.
    /// </summary>
    public DtmfTransmitter? EnableDigits(CallSide side, int telephoneEventPayloadType) =>
        telephoneEventPayloadType < 0 ? null : DirectionTo(side).Player.EnableDigits((byte)telephoneEventPayloadType);

    /// <summary>
    /// Digits were queued towards <paramref name="side"/>: the direction turns local until they are out (RFC 4733
    /// events replace the audio), then goes back to what the party hears.
    /// </summary>
    public void DigitsQueued(CallSide side)
    {
        lock (_gate)
        {
            if (_disposed) return;
            var direction = DirectionTo(side);
            direction.SendingDigits = true;
            direction.Stream.IsLocal = true;
            StartLegs();
            UpdateClock();
        }
    }

    public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet) =>
        (Volatile.Read(ref _tap) ?? _relay).OnRtpPacket(leg, datagram, packet);

    /// <summary>Stops the local clock (the legs are the call's to dispose, after this).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            _toCaller.Player.Stop();
            _toCallee.Player.Stop();
            UpdateClock();
        }
        await _clockStopped.ConfigureAwait(false);
    }

    private Direction DirectionTo(CallSide side) => side == CallSide.Caller ? _toCaller : _toCallee;

    private void StartLegs()
    {
        if (_started) return;
        _started = true;
        _callerLeg.Start(this);
        _calleeLeg.Start(this);
    }

    private void UpdateClock()
    {
        bool needed = !_disposed && (_toCaller.Player.HasWork || _toCallee.Player.HasWork);
        if (needed && _clock is null)
        {
            _clock = new MediaFrameClock(Tick, _time, _loggers.CreateLogger<MediaFrameClock>());
        }
        else if (!needed && _clock is { } clock)
        {
            _clock = null;
            // Not awaited here (its last tick may be waiting for this lock); DisposeAsync awaits it.
            var previous = _clockStopped;
            _clockStopped = Task.WhenAll(previous, clock.DisposeAsync().AsTask());
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            _toCaller.Player.Tick();
            _toCallee.Player.Tick();
            bool digitsDone = DigitsDone(_toCaller) | DigitsDone(_toCallee);
            if (digitsDone) UpdateClock();
        }
    }

    /// <summary>The last digit's end packets are out: the direction relays again if that is what the party hears.</summary>
    private static bool DigitsDone(Direction direction)
    {
        if (!direction.SendingDigits || direction.Player.Dtmf?.HasWork == true) return false;
        direction.SendingDigits = false;
        if (direction.Hears is PartyHears.FarEarlyMedia or PartyHears.OtherParty) direction.Stream.IsLocal = false;
        return true;
    }

    private sealed class Direction(RelayedStream stream, IAudioCodec codec)
    {
        public RelayedStream Stream { get; } = stream;
        public LegPlayer Player { get; } = new(stream, codec);
        public PartyHears Hears { get; set; } = PartyHears.Nothing;
        public bool SendingDigits { get; set; }
    }
}
