namespace Gateway.Sip.Call.Progress;

/// <summary>
/// Decides what each party of a bridged call hears, from the first provisional of the far leg to the end, and which
/// provisional the caller gets. Pure state (no I/O, no clock): <see cref="BridgedCall"/> applies it to the media and
/// the signalling. Not thread-safe; the call serialises its events.
/// </summary>
public sealed class BridgedCallAudio(CallProgressTones tones)
{
    private bool _callerHolds;
    private bool _calleeHolds;

    public PartyHears Caller { get; private set; } = PartyHears.Nothing;

    public PartyHears Callee { get; private set; } = PartyHears.Nothing;

    /// <summary>The caller has our SDP in a 183 (early media): later provisionals change only what it hears.</summary>
    public bool EarlyMediaOffered { get; private set; }

    public bool Answered { get; private set; }

    /// <summary>
    /// The far leg sent a provisional (18x), with usable SDP or not. Returns what to send the caller, or null when the
    /// caller already has all it needs (early media running, or nothing new to say).
    /// </summary>
    public CallerProvisional? OnFarProgress(int statusCode, bool farEarlyMedia)
    {
        if (Answered || Caller == PartyHears.BusyTone) return null;
        if (farEarlyMedia)
        {
            // The far end's own tones or announcement win over ours (RFC 3960 gateway model); its SDP opened a
            // two-way session, so an IVR that wants digits before the answer hears the caller too.
            Caller = PartyHears.FarEarlyMedia;
            Callee = PartyHears.OtherParty;
            return OfferEarlyMedia();
        }
        if (Caller == PartyHears.FarEarlyMedia)
        {
            // A 180 without SDP after early media does not stop it: keep relaying what the far end sends.
            return null;
        }
        if (tones.LocalRingback)
        {
            Caller = PartyHears.Ringback;
            return OfferEarlyMedia();
        }
        // Passed on as plain ringing (the caller's phone makes its own ringback); 183 without SDP says no more than 180.
        return EarlyMediaOffered ? null : new CallerProvisional(statusCode == 183 ? 180 : statusCode, "Ringing", WithSdp: false);
    }

    /// <summary>The far leg answered: both parties hear each other, no local tone after this.</summary>
    public void OnAnswered()
    {
        Answered = true;
        Recompute();
    }

    /// <summary>
    /// The far leg failed with <paramref name="statusCode"/> (as the caller will get it). Returns how long to play the
    /// busy tone before the failure (the caller then hears it), or null to send the failure at once.
    /// </summary>
    public (TimeSpan Duration, CallerProvisional? Provisional)? OnFarFailed(int statusCode)
    {
        if (Answered || tones.BusyTone <= TimeSpan.Zero || !CallProgressTones.MeansBusy(statusCode)) return null;
        Caller = PartyHears.BusyTone;
        return (tones.BusyTone, OfferEarlyMedia());
    }

    /// <summary>A party's re-INVITE / UPDATE put the call on hold (sendonly, inactive, c=0.0.0.0) or took it off.</summary>
    public void OnHold(CallSide holder, bool holds)
    {
        if (holder == CallSide.Caller) _callerHolds = holds;
        else _calleeHolds = holds;
        Recompute();
    }

    /// <summary>The party on <paramref name="side"/> was replaced (transfer): a hold of the one who left is over.</summary>
    public void OnPartyReplaced(CallSide side) => OnHold(side, holds: false);

    /// <summary>With hold music the held party is offered sendonly even when the holder went inactive (we send to it).</summary>
    public bool PlaysHoldMusic => tones.HoldMusic is not null;

    private CallerProvisional? OfferEarlyMedia()
    {
        if (EarlyMediaOffered) return null;
        EarlyMediaOffered = true;
        return new CallerProvisional(183, "Session Progress", WithSdp: true);
    }

    private void Recompute()
    {
        if (!Answered) return;
        Caller = HeardBy(_calleeHolds, _callerHolds);
        Callee = HeardBy(_callerHolds, _calleeHolds);
    }

    /// <summary>A party hears music while the other holds, unless it holds too (then it asked to receive nothing).</summary>
    private PartyHears HeardBy(bool otherHolds, bool itselfHolds) =>
        otherHolds && !itselfHolds && tones.HoldMusic is not null ? PartyHears.HoldMusic : PartyHears.OtherParty;
}
