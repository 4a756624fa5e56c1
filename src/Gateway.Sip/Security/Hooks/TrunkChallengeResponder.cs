using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Trunks;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Security.Hooks;

/// <summary>Answers a trunk's 401/407 to our INVITE with the trunk's OutboundAuth (RFC 8760: SHA-256 preferred, MD5).</summary>
public sealed class TrunkChallengeResponder(TrunkDirectory trunks) : ISipChallengeResponder
{
    public SipRequest? CreateAuthenticatedRetry(SipRequest request, SipResponse challenge, IPEndPoint destination) =>
        trunks.FindByDestination(destination)?.OutboundAccount is { } account
            ? new DigestClient(account).CreateAuthenticatedRequest(request, challenge)
            : null;
}
