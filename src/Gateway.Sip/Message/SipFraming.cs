namespace Gateway.Sip.Message;

/// <summary>How the message boundary is found (RFC 3261 §18.3).</summary>
public enum SipFraming
{
    /// <summary>UDP: the datagram is the message; a missing Content-Length means "the rest of the datagram".</summary>
    Datagram,
    /// <summary>TCP/TLS: Content-Length is mandatory and may ask for bytes that have not arrived yet.</summary>
    Stream,
}
