namespace Gateway.Sip.UserAgent;

/// <summary>Why a session ended: who ended it and the SIP status / Reason (RFC 3326) behind it.</summary>
public sealed record SipSessionEnd(SipSessionEndKind Kind, int StatusCode, string Reason)
{
    public static SipSessionEnd LocalBye(string reason = "Normal") => new(SipSessionEndKind.LocalHangUp, 200, reason);
    public static SipSessionEnd RemoteBye(string reason = "Normal") => new(SipSessionEndKind.RemoteHangUp, 200, reason);
}

public enum SipSessionEndKind
{
    LocalHangUp,
    RemoteHangUp,
    Rejected,
    Failed,
    Cancelled,
    AckTimeout,
    SessionExpired,
}

public enum SipSessionState
{
    Initial,
    Early,
    Confirmed,
    Terminated,
}
