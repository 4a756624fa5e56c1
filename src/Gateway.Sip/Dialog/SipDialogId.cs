namespace Gateway.Sip.Dialog;

/// <summary>RFC 3261 §12: a dialog is identified by Call-ID, local tag and remote tag.</summary>
public readonly record struct SipDialogId(string CallId, string LocalTag, string RemoteTag)
{
    public override string ToString() => $"{CallId};local={LocalTag};remote={RemoteTag}";
}
