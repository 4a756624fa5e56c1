using Gateway.Radio.Voice;
using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Jitter;
using Gateway.Sip.Media.Playback;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Media.Vad;

namespace Gateway.Host.Radio.Voice;

/// <summary>
/// The audio of one voice order, on a 20 ms media clock: the dispatcher's decoded audio feeds the VAD (voice keys PTT
/// through the session's floor controller) and, only while the floor is keyed — i.e. after the network's grant —
/// goes to the radio's RoIP port (and not while PTT is being released) in packets of the configured ptime. The radio's received audio goes to the
/// dispatcher continuously. DTMF from the dispatcher goes to the floor controller. Allocates nothing per frame.
/// </summary>
internal sealed class RoipVoiceBridge : IAsyncDisposable
{
    private const int FrameSamples = 160;

    private readonly RadioVoiceSession _session;
    private readonly DecodedLegInput _dispatcherInput;
    private readonly LegPlayer _dispatcherOutput;
    private readonly RtpEndpoint _roip;
    private readonly IAudioCodec _roipCodec;
    private readonly RtpPacketizer _roipPacketizer;
    private readonly EnergyVoiceActivityDetector _vad;
    private readonly ILogger _logger;
    private readonly int _framesPerPacket;
    private readonly short[] _frame = new short[FrameSamples];
    private readonly byte[] _payload;
    private readonly byte[] _datagram;
    private readonly MediaFrameClock _clock;
    private int _framesPending;
    private bool _startOfTalkspurt = true;
    private long _framesSentToRadio;

    public RoipVoiceBridge(RadioVoiceSession session, DecodedLegInput dispatcherInput, LegPlayer dispatcherOutput, RtpEndpoint roip,
        IAudioCodec roipCodec, int ptimeMs, VadOptions vad, TimeProvider time, ILoggerFactory loggers)
    {
        _session = session;
        _dispatcherInput = dispatcherInput;
        _dispatcherOutput = dispatcherOutput;
        _roip = roip;
        _roipCodec = roipCodec;
        _logger = loggers.CreateLogger<RoipVoiceBridge>();
        _framesPerPacket = ptimeMs / 20;
        _payload = new byte[roipCodec.EncodedLength(FrameSamples * _framesPerPacket)];
        _datagram = new byte[RtpHeader.FixedLength + _payload.Length];
        _roipPacketizer = RtpPacketizer.CreateRandom(roip.LocalSsrc);
        _vad = new EnergyVoiceActivityDetector(vad);
        _vad.SpeechStarted += (_, _) => Observe(_session.OnVoiceStartAsync(), "voice start");
        _vad.SpeechStopped += (_, _) => Observe(_session.OnVoiceStopAsync(), "voice stop");
        dispatcherInput.Dtmf.DigitReceived += digit => Observe(_session.OnDtmfAsync(digit.Digit), $"DTMF {digit.Digit}");
        RadioInput = new DecodedLegInput(roipCodec, -1, time);
        dispatcherOutput.Play(new RadioAudioSource(RadioInput));
        roip.Start(RadioInput);
        _clock = new MediaFrameClock(Tick, time, loggers.CreateLogger<MediaFrameClock>());
    }

    /// <summary>What the radio sends us (decoded), played to the dispatcher.</summary>
    public DecodedLegInput RadioInput { get; }

    /// <summary>20 ms frames of dispatcher audio sent to the radio.</summary>
    public long FramesSentToRadio => Interlocked.Read(ref _framesSentToRadio);

    public async ValueTask DisposeAsync()
    {
        await _clock.DisposeAsync().ConfigureAwait(false);
        await _roip.DisposeAsync().ConfigureAwait(false);
    }

    private void Tick()
    {
        if (_dispatcherInput.ReadFrame(_frame) == JitterFrameKind.Silence)
        {
            Array.Clear(_frame);
        }

        _vad.ProcessFrame(_frame);
        if (_session.OnAir)
        {
            SendToRadio();
        }
        else
        {
            // Not on air: nothing goes to the radio, its media clock runs on.
            _roipPacketizer.Skip(FrameSamples * (_framesPending + 1));
            _framesPending = 0;
            _startOfTalkspurt = true;
        }

        _dispatcherOutput.Tick();
    }

    private void SendToRadio()
    {
        _roipCodec.Encode(_frame, _payload.AsSpan(_roipCodec.EncodedLength(FrameSamples * _framesPending)));
        _framesPending++;
        Interlocked.Increment(ref _framesSentToRadio);
        if (_framesPending < _framesPerPacket)
        {
            return;
        }

        var length = _roipPacketizer.Write(_datagram, _roipCodec.PayloadType, _payload, FrameSamples * _framesPerPacket, marker: _startOfTalkspurt);
        _startOfTalkspurt = false;
        _framesPending = 0;
        _roip.Send(_datagram.AsSpan(0, length));
    }

    private void Observe(Task task, string what) => _ = task.ContinueWith(
        t => _logger.LogError(t.Exception, "Voice order {Id}: {What} failed", _session.Id, what),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>The radio's audio for the dispatcher; silence while the radio is quiet, so the stream never stops.</summary>
    private sealed class RadioAudioSource(DecodedLegInput radio) : IAudioFrameSource
    {
        public bool ReadFrame(Span<short> frame)
        {
            if (radio.ReadFrame(frame) == JitterFrameKind.Silence)
            {
                frame.Clear();
            }

            return true;
        }
    }
}
