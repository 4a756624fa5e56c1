using Gateway.Sip.Registrar;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Security.Hooks;

/// <summary>
/// Routes "user:NAME" to the most recently registered contact. Requests go to the address the REGISTER came from,
/// not the Contact's host: behind NAT only the source is reachable.
/// </summary>
public sealed class RegistrarContactResolver(SipRegistrar registrar) : ISipContactResolver
{
    public SipContactBinding? Resolve(string user) =>
        registrar.Lookup(user) is [var newest, ..] ? new SipContactBinding(newest.Contact, newest.Source, newest.Protocol) : null;
}
