using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Call;

/// <summary>
/// A B2BUA call: the inbound leg (caller) and an outbound leg placed to the route's target, media anchored on two
/// RTP legs relayed packet for packet (the far leg is offered exactly the codec the caller's leg agreed, so the
/// fast path always applies). Ringing, answer, rejection, CANCEL and BYE propagate between the two sides.
/// </summary>
public sealed class BridgedCall
{
    private readonly object _gate = new();
    private readonly IncomingSession _inbound;
    private readonly CallMediaFactory _media;
    private readonly SdpNegotiator _negotiator;
    private readonly Action _answered;
    private readonly Action<SipSessionEnd> _ended;
    private RtpEndpoint? _callerLeg;
    private RtpEndpoint? _calleeLeg;
    private SdpAnswerResult? _callerAnswer;
    private OutgoingSession? _outbound;
    private int _finished;
    private BridgeMediaTap? _tap;

    public BridgedCall(IncomingSession inbound, CallMediaFactory media, SdpNegotiator negotiator, Action answered, Action<SipSessionEnd> ended)
    {
        _inbound = inbound;
        _media = media;
        _negotiator = negotiator;
        _answered = answered;
        _ended = ended;
    }

    /// <summary>Optional: builds the tap that reports DTMF and records in front of the relay (set by the B2BUA).</summary>
    public Func<RtpRelay, RtpEndpoint, RtpEndpoint, SdpAnswerResult, BridgeMediaTap>? MediaTap { get; init; }

    public void Start(SipUserAgent agent, SipUri target, System.Net.IPEndPoint destination, Transport.SipTransportProtocol protocol)
    {
        if (_inbound.RemoteSdp is not { } offer)
        {
            _inbound.Reject(488, "Not Acceptable Here");
            return;
        }
        _callerLeg = _media.OpenLeg();
        _callerAnswer = _negotiator.Answer(offer, _media.AdvertisedAddress, _callerLeg.LocalRtpPort);
        if (_callerAnswer is null)
        {
            _inbound.Reject(488, "Not Acceptable Here");
            _ = ReleaseMediaAsync(new SipSessionEnd(SipSessionEndKind.Rejected, 488, "No common codec"));
            return;
        }
        _calleeLeg = _media.OpenLeg();
        var formats = _callerAnswer.TelephoneEvent is null ? new[] { _callerAnswer.Codec } : new[] { _callerAnswer.Codec, SdpPayloadType.TelephoneEvent with { Number = _callerAnswer.TelephoneEvent.Number } };
        var farOffer = _negotiator.CreateOffer(_media.AdvertisedAddress, _calleeLeg.LocalRtpPort, formats);
        var caller = _inbound.Invite.From?.Uri;
        var request = new OutgoingCallRequest(target, destination, protocol, caller?.User ?? "anonymous", _media.AdvertisedAddress, farOffer)
        {
            FromDisplayName = _inbound.Invite.From?.DisplayName,
        };
        _inbound.Cancelled += _ => _outbound?.Cancel();
        _inbound.Ended += (_, end) => OnInboundEnded(end);
        lock (_gate)
        {
            _outbound = agent.Call(request, session =>
            {
                session.Progress += (_, response) => _inbound.Ring(response.StatusCode == 183 ? 180 : response.StatusCode, "Ringing");
                session.Answered += (s, _, media) => OnOutboundAnswered(s, media);
                session.Failed += (_, end) => OnOutboundFailed(end);
                session.Ended += (_, end) => OnOutboundEnded(end);
            });
        }
    }

    private void OnOutboundAnswered(OutgoingSession outbound, SdpAnswerResult? media)
    {
        if (media is null || _callerAnswer is not { } callerAnswer || media.Codec.EncodingName != callerAnswer.Codec.EncodingName)
        {
            outbound.HangUp(new SipSessionEnd(SipSessionEndKind.Failed, 488, "Callee answered without our codec"));
            _inbound.Reject(488, "Not Acceptable Here");
            return;
        }
        if (CallMediaFactory.RemoteOf(media.RemoteAddress, media.RemotePort) is { } callee) _calleeLeg!.SetRemote(callee);
        if (CallMediaFactory.RemoteOf(callerAnswer.RemoteAddress, callerAnswer.RemotePort) is { } caller) _callerLeg!.SetRemote(caller);
        var relay = new RtpRelay(_callerLeg!, _calleeLeg!);
        if (MediaTap is { } createTap)
        {
            _tap = createTap(relay, _callerLeg!, _calleeLeg!, callerAnswer);
            _tap.Start();
        }
        else relay.Start();
        if (_inbound.Answer(callerAnswer.Answer)) _answered();
        else outbound.HangUp(new SipSessionEnd(SipSessionEndKind.Cancelled, 487, "Caller gone"));
    }

    private void OnOutboundFailed(SipSessionEnd end)
    {
        // 401/407 from the far end are ours to handle, not the caller's; 3xx are not followed.
        var status = end.StatusCode switch
        {
            401 or 407 => 502,
            < 400 => 480,
            _ => end.StatusCode,
        };
        if (end.Kind != SipSessionEndKind.Cancelled) _inbound.Reject(status, end.Reason);
        _ = ReleaseMediaAsync(end);
    }

    private void OnInboundEnded(SipSessionEnd end)
    {
        OutgoingSession? outbound;
        lock (_gate) outbound = _outbound;
        if (outbound is { State: SipSessionState.Confirmed }) outbound.HangUp(end with { Kind = SipSessionEndKind.LocalHangUp });
        else outbound?.Cancel();
        _ = ReleaseMediaAsync(end);
    }

    private void OnOutboundEnded(SipSessionEnd end)
    {
        if (end.Kind is SipSessionEndKind.RemoteHangUp or SipSessionEndKind.SessionExpired && _inbound.State == SipSessionState.Confirmed)
            _inbound.HangUp(end with { Kind = SipSessionEndKind.LocalHangUp });
    }

    private async Task ReleaseMediaAsync(SipSessionEnd end)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return;
        if (_callerLeg is { } callerLeg) await callerLeg.DisposeAsync().ConfigureAwait(false);
        if (_calleeLeg is { } calleeLeg) await calleeLeg.DisposeAsync().ConfigureAwait(false);
        if (_tap is { } tap) await tap.DisposeAsync().ConfigureAwait(false);   // the recording closes last: as long as the call
        _ended(end);
    }
}
