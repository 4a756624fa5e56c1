using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Registrar;

/// <summary>
/// One contact of a registered user. <see cref="Source"/> and <see cref="Protocol"/> are where the REGISTER
/// really came from: behind NAT the Contact address is unreachable and requests must go to the source instead.
/// </summary>
public sealed record RegistrationBinding(
    string User, SipUri Contact, IPEndPoint Source, SipTransportProtocol Protocol,
    DateTimeOffset ExpiresAt, string CallId, long CSeq)
{
    public TimeSpan RemainingAt(DateTimeOffset now) => ExpiresAt > now ? ExpiresAt - now : TimeSpan.Zero;
}
