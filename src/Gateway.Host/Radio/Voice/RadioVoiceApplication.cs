using Gateway.Radio.Floor;
using Gateway.Radio.Voice;
using Gateway.Sip.Call;
using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Jitter;
using Gateway.Sip.Media.Playback;
using Gateway.Sip.Media.Vad;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Radio.Voice;

/// <summary>
/// Route target <c>app:radio:&lt;terminal&gt;[:&lt;talkgroup or ISSI&gt;]</c>: a dispatcher dials the configured number, the
/// gateway sets up the call on the radio (the terminal's talkgroup by default), answers, and bridges the dispatcher's
/// leg with the radio's RoIP port. Busy radio → 486; radio failure → 503. The order ends (PTT released, radio call
/// cleared) when the dispatcher hangs up; when the radio side ends first (pre-emption, network) the dispatcher gets a BYE.
/// </summary>
internal sealed class RadioVoiceApplication(RadioVoiceOrders orders, IOptions<RadioOptions> options, RoipLegFactory roipLegs,
    TimeProvider time, ILoggerFactory loggers) : ICallApplication
{
    private readonly ILogger _logger = loggers.CreateLogger<RadioVoiceApplication>();

    public string Name => "radio";

    public string? ValidateArgument(string? argument)
    {
        var (terminal, target) = Split(argument);
        if (terminal.Length == 0)
            return "needs a terminal: app:radio:<terminal>[:<talkgroup or ISSI>]";
        if (options.Value.Terminals.FirstOrDefault(t => t.Name.Equals(terminal, StringComparison.OrdinalIgnoreCase)) is not { } config)
            return $"'{terminal}' is not a terminal of {RadioOptions.Section}:Terminals";
        if (config.Voice is null)
            return $"terminal '{terminal}' has no Voice (RoIP) configuration";
        if (target is not null && (target.Length == 0 || !target.All(char.IsAsciiDigit)))
            return $"'{target}' is not a talkgroup or ISSI (digits)";
        return null;
    }

    public void Accept(CallApplicationContext context) => _ = RunAsync(context);

    private async Task RunAsync(CallApplicationContext context)
    {
        var inbound = context.Inbound;
        var (terminal, target) = Split(context.Argument);
        var config = options.Value.Terminals.FirstOrDefault(t => t.Name.Equals(terminal, StringComparison.OrdinalIgnoreCase))?.Voice;
        if (config is null || inbound.RemoteSdp is not { } offer)
        {
            Reject(context, 488, "Not Acceptable Here");
            return;
        }

        inbound.Ring();
        RadioVoiceSession session;
        try
        {
            session = await orders.StartAsync(terminal, target, FloorPriority.Normal, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RadioVoiceBusyException busy)
        {
            _logger.LogInformation("Voice call {CallId} to radio {Terminal} refused: {Reason}", inbound.CallId, terminal, busy.Message);
            Reject(context, 486, "Busy Here");
            return;
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Voice call {CallId}: radio {Terminal} could not set up the call", inbound.CallId, terminal);
            Reject(context, 503, "Service Unavailable");
            return;
        }

        if (inbound.State == SipSessionState.Terminated)
        {
            // The dispatcher gave up (CANCEL) while the radio call was being set up.
            await session.EndAsync("dispatcher cancelled").ConfigureAwait(false);
            context.Ended(inbound.End ?? new SipSessionEnd(SipSessionEndKind.Cancelled, 487, "Cancelled"));
            return;
        }

        try
        {
            await BridgeAsync(context, session, config, offer).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Voice call {CallId} on radio {Terminal} failed", inbound.CallId, terminal);
            await session.EndAsync("error: " + ex.Message).ConfigureAwait(false);
            if (inbound.State == SipSessionState.Confirmed) inbound.HangUp(new SipSessionEnd(SipSessionEndKind.Failed, 500, "Radio voice error"));
            else Reject(context, 500, "Server Internal Error");
        }
    }

    private async Task BridgeAsync(CallApplicationContext context, RadioVoiceSession session, RadioTerminalVoiceConfig config, SdpSession offer)
    {
        var inbound = context.Inbound;
        var leg = context.Media.OpenLeg();
        var answer = context.Negotiator.Answer(offer, context.Media.AdvertisedAddress, leg.LocalRtpPort);
        if (answer is null)
        {
            await leg.DisposeAsync().ConfigureAwait(false);
            await session.EndAsync("no common codec with the dispatcher").ConfigureAwait(false);
            Reject(context, 488, "Not Acceptable Here");
            return;
        }

        if (CallMediaFactory.RemoteOf(answer.RemoteAddress, answer.RemotePort) is { } remote) leg.SetRemote(remote);
        IAudioCodec codec = answer.Codec.Number == SdpPayloadType.Pcmu.Number ? G711Codec.Pcmu : G711Codec.Pcma;
        var telephoneEvent = answer.TelephoneEvent?.Number ?? -1;
        var dispatcherInput = new DecodedLegInput(codec, telephoneEvent, time);
        var dispatcherOutput = new LegPlayer(leg, codec, telephoneEvent);
        var vad = new VadOptions { ThresholdDbfs = options.Value.Voice.VadThresholdDbfs, HangTime = TimeSpan.FromMilliseconds(100) };
        var bridge = new RoipVoiceBridge(session, dispatcherInput, dispatcherOutput, roipLegs.Open(config), RoipLegFactory.CodecOf(config),
            config.PtimeMs, vad, time, loggers);
        leg.Start(dispatcherInput);

        var finished = 0;
        async Task FinishAsync(string reason, SipSessionEnd end)
        {
            if (Interlocked.Exchange(ref finished, 1) == 1) return;
            await session.EndAsync(reason).ConfigureAwait(false);
            await bridge.DisposeAsync().ConfigureAwait(false);
            await context.Record.ReleaseLegAsync("caller", leg).ConfigureAwait(false);
            context.Ended(end);
        }

        inbound.Ended += (ended, end) => _ = FinishAsync($"dispatcher: {end.Kind} {end.Reason}", end);
        _ = session.Ended.ContinueWith(t =>
        {
            // The radio side ended first (pre-empted, released by the network, shutdown): hang up the dispatcher.
            if (inbound.State == SipSessionState.Confirmed) inbound.HangUp(new SipSessionEnd(SipSessionEndKind.LocalHangUp, 200, "Radio: " + t.Result));
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        if (inbound.Answer(answer.Answer))
        {
            context.Features?.AcceptDigits(context.Record, "caller", dispatcherOutput.Dtmf);
            context.Answered();
        }
        else await FinishAsync("answer failed", new SipSessionEnd(SipSessionEndKind.Failed, 500, "Answer failed")).ConfigureAwait(false);
    }

    private static void Reject(CallApplicationContext context, int status, string reason)
    {
        context.Inbound.Reject(status, reason);
        context.Ended(new SipSessionEnd(SipSessionEndKind.Rejected, status, reason));
    }

    private static (string Terminal, string? Target) Split(string? argument)
    {
        if (string.IsNullOrEmpty(argument)) return ("", null);
        var colon = argument.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (argument, null) : (argument[..colon], argument[(colon + 1)..]);
    }
}
