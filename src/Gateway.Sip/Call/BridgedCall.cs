using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Call.Progress;
using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Tones;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Call;

/// <summary>
/// A B2BUA call: the inbound leg (caller) and an outbound leg placed to the route's target, media anchored on two
/// RTP legs relayed packet for packet (the far leg is offered exactly the codec the caller's leg agreed, so the
/// fast path always applies). Ringing, answer, rejection, CANCEL and BYE propagate between the two sides. When either
/// party REFERs (blind transfer), the Refer-To is routed, a new leg is placed on the transferor's media leg, the
/// transferor hears NOTIFY progress and is released once the new leg answers; the new leg then takes its side.
/// What each party hears besides the other (local ringback while the far leg rings without SDP, the far end's own
/// early media, a busy tone before the failure, hold music) is decided by <see cref="BridgedCallAudio"/> and played
/// into the relayed streams by <see cref="BridgedCallMedia"/>.
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
    private OutgoingSession? _transferLeg;
    private OutgoingSession? _callerTransferLeg;
    /// <summary>Whoever holds the caller's side: the inbound leg, or the leg a caller's transfer placed.</summary>
    private SipSession _callerSide;
    private int _finished;
    private BridgeMediaTap? _tap;
    private SipAgentAndOffer? _placement;
    private BridgedCallMedia? _callMedia;
    private ITimer? _busyTimer;
    /// <summary>Serialises what the parties hear with the provisionals and the answer the caller gets.</summary>
    private readonly object _audioGate = new();
    private readonly BridgedCallAudio _audio;

    private sealed record SipAgentAndOffer(SipUserAgent Agent, OutgoingCallRequest Request);

    /// <summary>Routes a Refer-To number for a blind transfer; without it the call declines REFER.</summary>
    public Func<SipUri, CallTransferTarget?>? TransferTargets { get; init; }

    public BridgedCall(IncomingSession inbound, CallMediaFactory media, SdpNegotiator negotiator, Action answered, Action<SipSessionEnd> ended,
        CallProgressTones? tones = null)
    {
        Tones = tones ?? CallProgressTones.None;
        _audio = new BridgedCallAudio(Tones);
        _inbound = inbound;
        _callerSide = inbound;
        _media = media;
        _negotiator = negotiator;
        _answered = answered;
        _ended = ended;
    }

    public CallProgressTones Tones { get; }

    /// <summary>Optional: builds the tap that reports DTMF and records in front of the relay (set by the B2BUA).</summary>
    public Func<RtpRelay, RtpEndpoint, RtpEndpoint, SdpAnswerResult, BridgeMediaTap>? MediaTap { get; init; }

    /// <summary>The call's record: gets each leg's RTP/RTCP figures when its media is released, and the legs digits can be sent on.</summary>
    public CallRecord? Record { get; init; }

    /// <summary>Records and counts the digits sent into the call; without it the call takes no digits from the API.</summary>
    public CallMediaFeatures? Features { get; init; }

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
        if (CallMediaFactory.RemoteOf(_callerAnswer.RemoteAddress, _callerAnswer.RemotePort) is { } callerRemote) _callerLeg.SetRemote(callerRemote);
        _callMedia = new BridgedCallMedia(_callerLeg, _calleeLeg, CallMediaFeatures.CodecOf(_callerAnswer), _media.Time, _media.Loggers);
        var formats = _callerAnswer.TelephoneEvent is null ? new[] { _callerAnswer.Codec } : new[] { _callerAnswer.Codec, SdpPayloadType.TelephoneEvent with { Number = _callerAnswer.TelephoneEvent.Number } };
        var farOffer = _negotiator.CreateOffer(_media.AdvertisedAddress, _calleeLeg.LocalRtpPort, formats);
        var caller = _inbound.Invite.From?.Uri;
        var request = new OutgoingCallRequest(target, destination, protocol, caller?.User ?? "anonymous", _media.AdvertisedAddress, farOffer)
        {
            FromDisplayName = _inbound.Invite.From?.DisplayName,
        };
        _inbound.Cancelled += _ => _outbound?.Cancel();
        _inbound.Ended += (s, end) => OnCallerSideEnded(s, end);
        _inbound.RemoteMediaChanged += (_, media) => OnRemoteMedia(CallSide.Caller, _inbound, media, _callerLeg, _outbound);
        if (TransferTargets is not null) _inbound.TransferHandler = OnCallerTransferRequested;
        _placement = new SipAgentAndOffer(agent, request);
        lock (_gate)
        {
            _outbound = agent.Call(request, session =>
            {
                session.Progress += OnOutboundProgress;
                session.Answered += (s, _, media) => OnOutboundAnswered(s, media);
                session.Failed += (_, end) => OnOutboundFailed(end);
                session.Ended += (s, end) => OnOutboundEnded(s, end);
                session.RemoteMediaChanged += (s, media) => OnRemoteMedia(CallSide.Callee, s, media, _calleeLeg, CallerSide);
                if (TransferTargets is not null) session.TransferHandler = OnTransferRequested;
            });
        }
    }

    /// <summary>The callee asked for a blind transfer: route Refer-To and call it on the callee's media leg.</summary>
    private bool OnTransferRequested(SipSession transferor, SipUri referTo)
    {
        if (_placement is not { } placement || TransferTargets?.Invoke(referTo) is not { } target || CallerSide.State != SipSessionState.Confirmed) return false;
        lock (_gate)
        {
            if (_transferLeg is not null || !ReferenceEquals(transferor, _outbound)) return false;
            var request = placement.Request with { Target = target.Target, Destination = target.Destination, Protocol = target.Protocol };
            _transferLeg = placement.Agent.Call(request, session =>
            {
                session.Answered += (s, _, media) => OnTransferAnswered(transferor, s, media);
                session.Failed += (_, end) => OnTransferFailed(transferor, end);
                session.Ended += (s, end) => OnOutboundEnded(s, end);
                session.RemoteMediaChanged += (s, media) => OnRemoteMedia(CallSide.Callee, s, media, _calleeLeg, CallerSide);
            });
        }
        return true;
    }

    private SipSession CallerSide
    {
        get
        {
            lock (_gate) return _callerSide;
        }
    }

    /// <summary>The caller asked for a blind transfer: route Refer-To and call it on the caller's media leg.</summary>
    private bool OnCallerTransferRequested(SipSession transferor, SipUri referTo)
    {
        if (_placement is not { } placement || _callerAnswer is not { } agreed || TransferTargets?.Invoke(referTo) is not { } target) return false;
        lock (_gate)
        {
            if (_callerTransferLeg is not null || _outbound is not { State: SipSessionState.Confirmed } || !ReferenceEquals(transferor, _callerSide)) return false;
            var formats = agreed.TelephoneEvent is null ? new[] { agreed.Codec } : new[] { agreed.Codec, SdpPayloadType.TelephoneEvent with { Number = agreed.TelephoneEvent.Number } };
            var request = placement.Request with
            {
                Target = target.Target, Destination = target.Destination, Protocol = target.Protocol,
                Offer = _negotiator.CreateOffer(_media.AdvertisedAddress, _callerLeg!.LocalRtpPort, formats),
            };
            _callerTransferLeg = placement.Agent.Call(request, session =>
            {
                session.Answered += (s, _, media) => OnCallerTransferAnswered(transferor, s, media);
                session.Failed += (_, end) => OnCallerTransferFailed(transferor, end);
                session.Ended += (s, end) => OnCallerSideEnded(s, end);
                session.RemoteMediaChanged += (s, media) => OnRemoteMedia(CallSide.Caller, s, media, _callerLeg, _outbound);
            });
        }
        return true;
    }

    private void OnCallerTransferAnswered(SipSession transferor, OutgoingSession transferred, SdpAnswerResult? media)
    {
        if (media is not null && CallMediaFactory.RemoteOf(media.RemoteAddress, media.RemotePort) is { } target) _callerLeg!.SetRemote(target);
        bool calleeStillThere;
        lock (_gate)
        {
            _callerSide = transferred;
            _callerTransferLeg = null;
            calleeStillThere = _outbound is { State: SipSessionState.Confirmed };
        }
        ChangeAudio(() => _audio.OnPartyReplaced(CallSide.Caller));
        transferor.NotifyTransferProgress(200, "OK", final: true,
            () => transferor.HangUp(new SipSessionEnd(SipSessionEndKind.LocalHangUp, 200, "Transferred")));
        if (!calleeStillThere) transferred.HangUp(new SipSessionEnd(SipSessionEndKind.LocalHangUp, 487, "Callee gone"));
    }

    private void OnCallerTransferFailed(SipSession transferor, SipSessionEnd end)
    {
        lock (_gate) _callerTransferLeg = null;
        transferor.NotifyTransferProgress(end.StatusCode >= 300 ? end.StatusCode : 503, end.Reason, final: true);
        // The transferor may have left meanwhile (its end was held back for the transfer): then the call is over.
        if (transferor.State == SipSessionState.Terminated) OnCallerSideEnded(transferor, transferor.End ?? end);
    }

    private void OnTransferAnswered(SipSession transferor, OutgoingSession transferred, SdpAnswerResult? media)
    {
        if (media is not null && CallMediaFactory.RemoteOf(media.RemoteAddress, media.RemotePort) is { } target) _calleeLeg!.SetRemote(target);
        lock (_gate)
        {
            _outbound = transferred;
            _transferLeg = null;
        }
        ChangeAudio(() => _audio.OnPartyReplaced(CallSide.Callee));
        // The transferor learns the outcome, then its leg is released (it no longer carries the call).
        transferor.NotifyTransferProgress(200, "OK", final: true,
            () => transferor.HangUp(new SipSessionEnd(SipSessionEndKind.LocalHangUp, 200, "Transferred")));
        if (CallerSide.State != SipSessionState.Confirmed) transferred.HangUp(new SipSessionEnd(SipSessionEndKind.LocalHangUp, 487, "Caller gone"));
    }

    private void OnTransferFailed(SipSession transferor, SipSessionEnd end)
    {
        lock (_gate) _transferLeg = null;
        // The original call stays up; the transferor hears why the transfer failed.
        transferor.NotifyTransferProgress(end.StatusCode >= 300 ? end.StatusCode : 503, end.Reason, final: true);
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
        var callMedia = _callMedia!;
        bool answeredCaller;
        lock (_audioGate)
        {
            if (MediaTap is { } createTap)
            {
                _tap = createTap(callMedia.Relay, _callerLeg!, _calleeLeg!, callerAnswer);
                callMedia.AttachTap(_tap);
            }
            // The ringback stops before the 200 leaves: no tone packet can follow it.
            _audio.OnAnswered();
            ApplyAudio();
            AcceptDigits(callMedia, callerAnswer, media);
            answeredCaller = _inbound.Answer(callerAnswer.Answer);
        }
        if (answeredCaller) _answered();
        else outbound.HangUp(new SipSessionEnd(SipSessionEndKind.Cancelled, 487, "Caller gone"));
    }

    /// <summary>
    /// Digits from the API go into the relayed stream towards each party, sent by that direction's player in the
    /// party's own telephone-event payload type (the same stream ringback and hold music use, so it stays one source).
    /// </summary>
    private void AcceptDigits(BridgedCallMedia callMedia, SdpAnswerResult callerAnswer, SdpAnswerResult calleeAnswer)
    {
        if (Record is not { } record || Features is not { } features) return;
        features.AcceptDigits(record, "caller", callMedia.EnableDigits(CallSide.Caller, callerAnswer.TelephoneEvent?.Number ?? -1), () => callMedia.DigitsQueued(CallSide.Caller));
        features.AcceptDigits(record, "callee", callMedia.EnableDigits(CallSide.Callee, calleeAnswer.TelephoneEvent?.Number ?? -1), () => callMedia.DigitsQueued(CallSide.Callee));
    }

    /// <summary>
    /// The far leg rings or plays early media: the caller gets 183 with our SDP and our ringback, or the far end's early
    /// media relayed, or a plain 18x (<see cref="BridgedCallAudio.OnFarProgress"/>).
    /// </summary>
    private void OnOutboundProgress(OutgoingSession outbound, SipResponse response)
    {
        var early = FarEarlyMedia(outbound, response);
        if (early is not null && CallMediaFactory.RemoteOf(early.RemoteAddress, early.RemotePort) is { } far) _calleeLeg!.SetRemote(far);
        lock (_audioGate)
        {
            var provisional = _audio.OnFarProgress(response.StatusCode, early is not null);
            if (provisional is not null) _inbound.Ring(provisional.StatusCode, provisional.Reason, provisional.WithSdp ? _callerAnswer!.Answer : null);
            // After the 183: the caller has our address before the first tone packet.
            ApplyAudio();
        }
    }

    /// <summary>The far end's SDP in an 18x, when it agrees the caller's codec (anything else is taken as plain ringing).</summary>
    private SdpAnswerResult? FarEarlyMedia(OutgoingSession outbound, SipResponse response)
    {
        if (response.Body.IsEmpty || outbound.LocalSdp is not { } offer || SdpParser.TryParse(response.Body.Span, out var sdp) != SdpParseError.None) return null;
        var early = _negotiator.ReadAnswer(offer, sdp);
        return early is not null && early.Codec.EncodingName == _callerAnswer?.Codec.EncodingName ? early : null;
    }

    /// <summary>A re-INVITE / UPDATE from one party: passed to the other (hold), and hold music started or stopped.</summary>
    private void OnRemoteMedia(CallSide side, SipSession from, SdpAnswerResult media, Media.Transport.RtpEndpoint? fromLeg, SipSession? to)
    {
        // The music starts (or the relay resumes) before the other party hears of the change.
        ChangeAudio(() => _audio.OnHold(side, media.IsHold));
        HoldPassthrough.Pass(from, media, fromLeg, to, heldPartyGetsMusic: _audio.PlaysHoldMusic);
    }

    private void ChangeAudio(Action change)
    {
        lock (_audioGate)
        {
            change();
            ApplyAudio();
        }
    }

    /// <summary>Applies <see cref="_audio"/> to the media (under <see cref="_audioGate"/>).</summary>
    private void ApplyAudio()
    {
        if (_callMedia is not { } callMedia) return;
        callMedia.Apply(CallSide.Caller, _audio.Caller, () => SourceFor(_audio.Caller));
        callMedia.Apply(CallSide.Callee, _audio.Callee, () => SourceFor(_audio.Callee));
    }

    private IAudioFrameSource SourceFor(PartyHears hears) => hears switch
    {
        PartyHears.Ringback => ChineseTones.Ringback(),
        PartyHears.BusyTone => ChineseTones.Busy(),
        PartyHears.HoldMusic => new PromptPlayer(Tones.HoldMusic!, loop: true),
        _ => throw new ArgumentOutOfRangeException(nameof(hears), hears, "Not a local source."),
    };

    private void OnOutboundFailed(SipSessionEnd end)
    {
        // 401/407 from the far end are ours to handle, not the caller's; 3xx are not followed.
        var status = end.StatusCode switch
        {
            401 or 407 => 502,
            < 400 => 480,
            _ => end.StatusCode,
        };
        if (end.Kind == SipSessionEndKind.Cancelled)
        {
            _ = ReleaseMediaAsync(end);
            return;
        }
        lock (_audioGate)
        {
            if (_audio.OnFarFailed(status) is { } busy)
            {
                // The caller hears the busy tone for a while, then gets the failure (unless it hangs up first).
                if (busy.Provisional is { } provisional) _inbound.Ring(provisional.StatusCode, provisional.Reason, _callerAnswer!.Answer);
                ApplyAudio();
                _busyTimer = _media.Time.CreateTimer(_ =>
                {
                    _inbound.Reject(status, end.Reason);
                    _ = ReleaseMediaAsync(end);
                }, null, busy.Duration, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        _inbound.Reject(status, end.Reason);
        _ = ReleaseMediaAsync(end);
    }

    private void OnCallerSideEnded(SipSession session, SipSessionEnd end)
    {
        OutgoingSession? outbound, transferLeg;
        lock (_gate)
        {
            // A caller that transferred (or is transferring) away ends alone.
            if (!ReferenceEquals(session, _callerSide) || (_callerTransferLeg is not null && ReferenceEquals(session, _inbound))) return;
            (outbound, transferLeg) = (_outbound, _transferLeg);
        }
        if (outbound is { State: SipSessionState.Confirmed }) outbound.HangUp(end with { Kind = SipSessionEndKind.LocalHangUp });
        else outbound?.Cancel();
        transferLeg?.Cancel();
        _ = ReleaseMediaAsync(end);
    }

    private void OnOutboundEnded(SipSession session, SipSessionEnd end)
    {
        // A leg that no longer carries the call (a transferor, or a transfer not yet answered) ends alone.
        lock (_gate)
        {
            if (!ReferenceEquals(session, _outbound) || _transferLeg is not null) return;
        }
        var callerSide = CallerSide;
        if (end.Kind is SipSessionEndKind.RemoteHangUp or SipSessionEndKind.SessionExpired && callerSide.State == SipSessionState.Confirmed)
            callerSide.HangUp(end with { Kind = SipSessionEndKind.LocalHangUp });
    }

    private async Task ReleaseMediaAsync(SipSessionEnd end)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return;
        if (_busyTimer is { } busyTimer) await busyTimer.DisposeAsync().ConfigureAwait(false);
        // The recording ends where the call's media does, now: everything received is on its time lines already, and
        // waiting for the legs to close first only added silence at the end (seen at 160 ms on a loaded machine).
        if (_tap is { } tap) await tap.DisposeAsync().ConfigureAwait(false);
        if (_callMedia is { } callMedia) await callMedia.DisposeAsync().ConfigureAwait(false);   // no local packet after this
        if (_callerLeg is { } callerLeg) await Record.ReleaseLegAsync("caller", callerLeg).ConfigureAwait(false);
        if (_calleeLeg is { } calleeLeg) await Record.ReleaseLegAsync("callee", calleeLeg).ConfigureAwait(false);
        _ended(end);
    }
}
