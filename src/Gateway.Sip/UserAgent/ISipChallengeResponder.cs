using System.Net;
using Gateway.Sip.Message;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// Outbound digest hook: when a far end answers our INVITE with 401/407, the UA asks for the retry carrying
/// credentials (new branch, CSeq + 1, same Call-ID and tags). Null means "no credentials for that destination".
/// The UA retries at most once per call, so wrong credentials end the call instead of looping.
/// </summary>
public interface ISipChallengeResponder
{
    SipRequest? CreateAuthenticatedRetry(SipRequest request, SipResponse challenge, IPEndPoint destination);
}
