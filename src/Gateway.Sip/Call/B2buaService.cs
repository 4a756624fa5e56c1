using System.Net;
using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Call.Progress;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transport;
using Gateway.Sip.Trunks;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call;

/// <summary>
/// Takes every incoming call from the UA, finds its route and runs it as a <see cref="BridgedCall"/>, a
/// <see cref="LocalToneCall"/> or a registered <see cref="ICallApplication"/>; keeps call records and the call metrics.
/// </summary>
public sealed class B2buaService
{
    private readonly SipUserAgent _agent;
    private readonly CallRouter _router;
    private readonly CallMediaFactory _media;
    private readonly ISipContactResolver _contacts;
    private readonly CallRecordStore _records;
    private readonly SipCallMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ICallApplication> _applications;
    private readonly CallMediaFeatures? _mediaFeatures;
    private readonly CallProgressTones _tones;
    private long _active;

    public B2buaService(SipUserAgent agent, CallRouter router, CallMediaFactory media, ISipContactResolver contacts, CallRecordStore records,
        SipCallMetrics metrics, ILogger<B2buaService> logger, IEnumerable<ICallApplication>? applications = null, CallMediaFeatures? mediaFeatures = null,
        CallProgressTones? tones = null)
    {
        _tones = tones ?? CallProgressTones.None;
        _mediaFeatures = mediaFeatures;
        _applications = (applications ?? []).ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        _agent = agent;
        _router = router;
        _media = media;
        _contacts = contacts;
        _records = records;
        _metrics = metrics;
        _time = agent.Time;
        _logger = logger;
        agent.IncomingCall += OnIncomingCall;
    }

    public long ActiveCalls => Interlocked.Read(ref _active);

    public CallRecordStore Records => _records;

    public IReadOnlyCollection<ICallApplication> Applications => _applications.Values;

    private void OnIncomingCall(IncomingSession inbound)
    {
        var identity = CallerIdentityExtractor.Extract(inbound.Invite, inbound.IsTrustedPeer);
        var record = new CallRecord
        {
            CallerNumber = identity.RecordedNumber,
            CallerWithheld = identity.IsWithheld,
            CalledNumber = identity.CalledNumber,
            Id = Guid.NewGuid().ToString("N")[..12],
            CallId = inbound.CallId,
            Caller = inbound.CallerUri,
            Called = inbound.CalledNumber,
            Peer = inbound.Peer,
            Started = _time.GetUtcNow(),
        };
        _records.Begin(record);
        Interlocked.Increment(ref _active);
        _metrics.Active.Add(1);
        _metrics.Total.Add(1);
        void Answered()
        {
            record.Answered = _time.GetUtcNow();
            _records.Checkpoint(record);   // a crash after this still leaves when the call was answered
        }
        void Ended(SipSessionEnd end) => Complete(record, end);

        try
        {
            Route(inbound, record, Answered, Ended);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Typically no free RTP port pair: the call cannot be carried.
            _logger.LogWarning(e, "Call {CallId} to {Called} could not be set up", inbound.CallId, inbound.CalledNumber);
            inbound.Reject(503, "Service Unavailable");
            Complete(record, new SipSessionEnd(SipSessionEndKind.Failed, 503, e.Message));
        }
    }

    private void Route(IncomingSession inbound, CallRecord record, Action answered, Action<SipSessionEnd> ended)
    {
        var route = _router.Find(inbound.CalledNumber);
        record.Route = route?.Target.ToString();
        if (route is null)
        {
            inbound.Reject(404, "Not Found");
            ended(new SipSessionEnd(SipSessionEndKind.Rejected, 404, "No route"));
            return;
        }
        switch (route.Target.Kind)
        {
            case CallRouteKind.LocalTone:
                if (!new LocalToneCall(inbound, _media, ended) { Record = record, Features = _mediaFeatures }.Start(_agent.Negotiator, answered)) ended(new SipSessionEnd(SipSessionEndKind.Rejected, 488, "No common codec"));
                break;
            case CallRouteKind.Uri or CallRouteKind.User:
                if (BridgeTargetFor(route.Target, inbound) is not { } far)
                {
                    inbound.Reject(480, "Temporarily Unavailable");
                    ended(new SipSessionEnd(SipSessionEndKind.Rejected, 480, "User not registered"));
                    return;
                }
                new BridgedCall(inbound, _media, _agent.Negotiator, answered, ended, _tones) { MediaTap = TapFor(record, route), Record = record, Features = _mediaFeatures, TransferTargets = referTo => TransferTarget(referTo, inbound) }
                    .Start(_agent, far.Target, far.Destination, far.Protocol);
                break;
            case CallRouteKind.Application:
                if (!_applications.TryGetValue(route.Target.Application!, out var application))
                {
                    // Start-up validation refuses such routes; this guards library users who skip it.
                    inbound.Reject(503, "Service Unavailable");
                    ended(new SipSessionEnd(SipSessionEndKind.Failed, 503, $"No application '{route.Target.Application}'"));
                    return;
                }
                application.Accept(new CallApplicationContext(inbound, route.Target.Argument, record, _media, _agent.Negotiator, answered, ended) { RecordRequested = route.Record, Features = _mediaFeatures });
                break;
        }
    }

    private Func<Gateway.Sip.Media.Relay.RtpRelay, Gateway.Sip.Media.Transport.RtpEndpoint, Gateway.Sip.Media.Transport.RtpEndpoint, SdpAnswerResult, BridgeMediaTap>? TapFor(CallRecord record, CallRoute route) =>
        _mediaFeatures is { } features ? (relay, caller, callee, answer) => features.CreateBridgeTap(record, route.Record, relay, caller, callee, answer) : null;

    /// <summary>A blind transfer's Refer-To number through the same route table (bridged targets only: URI or registered user).</summary>
    private CallTransferTarget? TransferTarget(Gateway.Sip.Message.SipUri referTo, IncomingSession inbound)
    {
        var number = referTo.UserUnescaped;
        if (string.IsNullOrEmpty(number) || _router.Find(number) is not { } route) return null;
        _logger.LogInformation("Call {CallId}: transfer to {Number} by route {Route}", inbound.CallId, number, route.Target);
        return BridgeTargetFor(route.Target, inbound);
    }

    /// <summary>Where a bridged leg goes: a fixed URI, or a registered user's binding; null for other kinds or an unregistered user.</summary>
    private CallTransferTarget? BridgeTargetFor(CallRouteTarget target, IncomingSession inbound) => target.Kind switch
    {
        CallRouteKind.Uri => new CallTransferTarget(target.Uri!, new IPEndPoint(IPAddress.Parse(target.Uri!.Host.Trim('[', ']')), target.Uri!.Port ?? SipResponseAddressing.DefaultPort),
            ProtocolFor(target.Uri!.Transport, inbound)),
        CallRouteKind.User when _contacts.Resolve(target.User!) is { } binding => new CallTransferTarget(binding.Contact, binding.Destination, binding.Protocol),
        _ => null,
    };

    /// <summary>The target's transport= parameter, else the transport the call came in on.</summary>
    private SipTransportProtocol ProtocolFor(string? transport, IncomingSession inbound) => transport?.ToLowerInvariant() switch
    {
        "udp" => SipTransportProtocol.Udp,
        "tcp" => SipTransportProtocol.Tcp,
        "tls" => SipTransportProtocol.Tls,
        _ => inbound.Dialog?.Transport.Protocol ?? SipTransportProtocol.Udp,
    };

    private void Complete(CallRecord record, SipSessionEnd end)
    {
        lock (record)
        {
            if (record.EndCause is not null) return;
            record.Ended ??= _time.GetUtcNow();   // a recorded call's end is already set where its recording stopped
            record.EndStatus = end.StatusCode;
            record.EndCause = $"{end.Kind}: {end.Reason}";
        }
        Interlocked.Decrement(ref _active);
        _metrics.Active.Add(-1);
        if (record.Answered is null) _metrics.Failed.Add(1);
        _records.Complete(record);
    }
}
