using Gateway.Sip.Transaction;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// Handles out-of-dialog requests of a method the UA itself does not own (REGISTER for the registrar,
/// SUBSCRIBE…). Registered with <see cref="SipUserAgent.RegisterMethodHandler"/>.
/// </summary>
public interface ISipMethodHandler
{
    void Handle(SipServerTransaction transaction, SipGateDecision decision);
}
