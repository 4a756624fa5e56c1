using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Sdp;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>
/// What calls get beyond plain relaying: DTMF reported per leg, recording when configured. One per process; the
/// B2BUA asks it for a <see cref="BridgeMediaTap"/> per bridged call, applications use its parts directly.
/// </summary>
public sealed class CallMediaFeatures(CallMediaMetrics metrics, TimeProvider time, ILoggerFactory loggers, CallRecordingService? recording = null)
{
    private readonly ILogger _logger = loggers.CreateLogger<CallMediaFeatures>();

    public CallRecordingService? Recording => recording;
    public CallMediaMetrics Metrics => metrics;
    public TimeProvider Time => time;
    public ILoggerFactory Loggers => loggers;

    /// <summary>True when a call on a route (that may ask for it) is to be recorded.</summary>
    public bool ShouldRecord(bool routeAsks) => recording?.ShouldRecord(routeAsks) ?? false;

    /// <summary>The G.711 codec an answer agreed.</summary>
    public static IAudioCodec CodecOf(SdpAnswerResult answer) => answer.Codec.Number == SdpPayloadType.Pcmu.Number ? G711Codec.Pcmu : G711Codec.Pcma;

    /// <summary>Reports one leg's digits into the call record, the log and the metrics.</summary>
    public void ReportDigits(Gateway.Sip.Media.Dtmf.DtmfReceiver receiver, string leg, CallRecord record) =>
        LegDigitReporter.Attach(receiver, leg, record, metrics, time, _logger);

    /// <summary>
    /// Lets the API send digits on one of a live call's legs (<paramref name="transmitter"/> null: the leg has no
    /// telephone-event, so it refuses them); each digit sent is recorded in the call record as sent.
    /// </summary>
    public void AcceptDigits(CallRecord record, string leg, Gateway.Sip.Media.Dtmf.DtmfTransmitter? transmitter, Action? queued = null)
    {
        if (transmitter is not null) LegDigitReporter.AttachSent(transmitter, leg, record, metrics, time, _logger);
        record.DigitSenders.Attach(leg, transmitter, queued);
    }

    /// <summary>Builds the tap for a bridged call (not started yet).</summary>
    public BridgeMediaTap CreateBridgeTap(CallRecord record, bool routeAsksRecording, RtpRelay relay, RtpEndpoint callerLeg, RtpEndpoint calleeLeg, SdpAnswerResult callerAnswer)
    {
        int telephoneEvent = callerAnswer.TelephoneEvent?.Number ?? -1;
        if (recording is not null && recording.ShouldRecord(routeAsksRecording))
        {
            var codec = CodecOf(callerAnswer);
            var callerInput = new RecordedLegInput(codec, telephoneEvent);
            var calleeInput = new RecordedLegInput(codec, telephoneEvent);
            ReportDigits(callerInput.Dtmf, "caller", record);
            ReportDigits(calleeInput.Dtmf, "callee", record);
            var session = recording.Start(record);
            callerInput.RecordInto(session.Caller);
            calleeInput.RecordInto(session.Others);
            var clock = new MediaFrameClock(session.Tick, time, loggers.CreateLogger<MediaFrameClock>());
            return new BridgeMediaTap(relay, callerLeg, calleeLeg, callerInput, calleeInput, async () =>
            {
                await clock.DisposeAsync().ConfigureAwait(false);
                await recording.FinishAsync(record, session).ConfigureAwait(false);
            });
        }
        if (telephoneEvent < 0) return new BridgeMediaTap(relay, callerLeg, calleeLeg, null, null);
        var callerEvents = new TelephoneEventObserver(telephoneEvent);
        var calleeEvents = new TelephoneEventObserver(telephoneEvent);
        ReportDigits(callerEvents.Dtmf, "caller", record);
        ReportDigits(calleeEvents.Dtmf, "callee", record);
        return new BridgeMediaTap(relay, callerLeg, calleeLeg, callerEvents, calleeEvents);
    }
}
