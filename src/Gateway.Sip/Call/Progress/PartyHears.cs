namespace Gateway.Sip.Call.Progress;

/// <summary>What one party of a bridged call hears at a given moment.</summary>
public enum PartyHears
{
    /// <summary>Nothing is sent to it.</summary>
    Nothing,
    /// <summary>The gateway's 450 Hz 1 s / 4 s ringback (early media).</summary>
    Ringback,
    /// <summary>The far end's own early media, relayed.</summary>
    FarEarlyMedia,
    /// <summary>The gateway's 450 Hz 0.35 s / 0.35 s busy tone before the failure response.</summary>
    BusyTone,
    /// <summary>The other party, relayed (answered call).</summary>
    OtherParty,
    /// <summary>Hold music, while the other party holds the call.</summary>
    HoldMusic,
}

/// <summary>The two sides of a bridged call.</summary>
public enum CallSide
{
    Caller,
    Callee,
}

/// <summary>A provisional response the caller is to get: 183 with our SDP when early media starts, else plain 18x.</summary>
public sealed record CallerProvisional(int StatusCode, string Reason, bool WithSdp);
