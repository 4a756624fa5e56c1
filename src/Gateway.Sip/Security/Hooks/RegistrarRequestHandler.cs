using Gateway.Sip.Registrar;
using Gateway.Sip.Transaction;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Security.Hooks;

/// <summary>REGISTER requests the UA receives go to the registrar (which authenticates them itself).</summary>
public sealed class RegistrarRequestHandler(SipRegistrar registrar) : ISipMethodHandler
{
    public void Handle(SipServerTransaction transaction, SipGateDecision decision) => registrar.Handle(transaction);
}
