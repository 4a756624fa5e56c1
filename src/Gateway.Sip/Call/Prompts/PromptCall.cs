using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Playback;
using Gateway.Sip.Media.Tones;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.Prompts;

/// <summary>
/// One prompt call: one RTP leg, a <see cref="LegPlayer"/> for the prompt and digits, the caller's audio decoded for
/// DTMF and the recorder, all driven by one 20 ms clock. After the prompt (and digits) a countdown of ticks leads to
/// the hang-up.
/// </summary>
internal sealed class PromptCall
{
    private readonly CallApplicationContext _context;
    private readonly WavPrompt _prompt;
    private readonly PromptApplicationOptions _options;
    private readonly CallMediaFeatures _features;
    private RtpEndpoint? _leg;
    private LegPlayer? _player;
    private CallRecordingSession? _recording;
    private MediaFrameClock? _clock;
    private int _ticksToHangUp = -1;
    private int _stopped;

    public PromptCall(CallApplicationContext context, WavPrompt prompt, PromptApplicationOptions options, CallMediaFeatures features)
    {
        _context = context;
        _prompt = prompt;
        _options = options;
        _features = features;
    }

    public void Start()
    {
        var inbound = _context.Inbound;
        if (inbound.RemoteSdp is not { } offer)
        {
            Refuse();
            return;
        }
        var leg = _context.Media.OpenLeg();
        var answer = _context.Negotiator.Answer(offer, _context.Media.AdvertisedAddress, leg.LocalRtpPort);
        if (answer is null)
        {
            _ = leg.DisposeAsync().AsTask();
            Refuse();
            return;
        }
        _leg = leg;
        if (CallMediaFactory.RemoteOf(answer.RemoteAddress, answer.RemotePort) is { } remote) leg.SetRemote(remote);
        var codec = CallMediaFeatures.CodecOf(answer);
        int telephoneEvent = answer.TelephoneEvent?.Number ?? -1;
        var input = new RecordedLegInput(codec, telephoneEvent);
        _features.ReportDigits(input.Dtmf, "caller", _context.Record);
        var played = new PlayedFrameTap(new PromptPlayer(_prompt, _options.Loop));
        var player = new LegPlayer(leg, codec, telephoneEvent);
        player.Finished += (_, _) => OnPromptFinished(telephoneEvent >= 0);
        player.Play(played);
        _player = player;
        leg.Start(input);
        inbound.Ended += (_, end) => OnEnded(end);
        _clock = new MediaFrameClock(Tick, _features.Time, _features.Loggers.CreateLogger<MediaFrameClock>());
        if (!inbound.Answer(answer.Answer)) return;
        if (_features.Recording is { } recording && recording.ShouldRecord(_context.RecordRequested))
        {
            var session = recording.Start(_context.Record, othersEachTick: played.Heard);
            input.RecordInto(session.Caller);
            Volatile.Write(ref _recording, session);
        }
        // The prompt's own digits and the API's go out through the same transmitter and are recorded as sent.
        _features.AcceptDigits(_context.Record, "caller", player.Dtmf);
        _context.Answered();
    }

    private void Tick()
    {
        _player!.Tick();
        Volatile.Read(ref _recording)?.Tick();
        if (_ticksToHangUp > 0 && --_ticksToHangUp == 0)
            _ = Task.Run(() => _context.Inbound.HangUp(SipSessionEnd.LocalBye("Prompt finished")));
    }

    /// <summary>On the clock thread: send the digits (if any), then count down to the hang-up.</summary>
    private void OnPromptFinished(bool canSendDigits)
    {
        var tail = _options.HangUpDelay;
        if (canSendDigits && _options.SendDigits is { Length: > 0 } digits)
        {
            _player!.SendDigits(digits);
            // Each digit: 100 ms of tone, its end packets and a pause before the next one.
            tail += TimeSpan.FromMilliseconds(250 * digits.Length);
        }
        _ticksToHangUp = Math.Max(1, (int)Math.Ceiling(tail / MediaFrameClock.FrameDuration));
    }

    private void Refuse()
    {
        _context.Inbound.Reject(488, "Not Acceptable Here");
        _context.Ended(new SipSessionEnd(SipSessionEndKind.Rejected, 488, "No common codec"));
    }

    private void OnEnded(SipSessionEnd end) => _ = StopAsync(end);

    private async Task StopAsync(SipSessionEnd end)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        if (_clock is { } clock) await clock.DisposeAsync().ConfigureAwait(false);
        // As in a bridged call: the recording ends where the media does, before the leg is closed (a slow close would
        // only add silence at the end of the file).
        if (Volatile.Read(ref _recording) is { } recording && _features.Recording is { } service) await service.FinishAsync(_context.Record, recording).ConfigureAwait(false);
        if (_leg is { } leg) await _context.Record.ReleaseLegAsync("caller", leg).ConfigureAwait(false);
        _context.Ended(end);
    }
}
