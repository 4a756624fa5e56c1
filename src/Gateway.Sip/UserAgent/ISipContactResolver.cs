using System.Net;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// Registrar hook: finds where a registered user (a call-taker's phone) can be reached now. The registrar
/// implements it; the call router asks it for routes of the form "user:alice".
/// </summary>
public interface ISipContactResolver
{
    SipContactBinding? Resolve(string user);
}

/// <summary>A current binding: the Contact URI and the address (and, for TCP, the connection's transport) to send to.</summary>
public sealed record SipContactBinding(Message.SipUri Contact, IPEndPoint Destination, SipTransportProtocol Protocol);

/// <summary>No registrar: nobody is registered.</summary>
public sealed class NoContactResolver : ISipContactResolver
{
    public static NoContactResolver Instance { get; } = new();

    public SipContactBinding? Resolve(string user) => null;
}
