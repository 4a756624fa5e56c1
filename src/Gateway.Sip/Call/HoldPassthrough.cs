using Gateway.Sip.Media.Transport;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Call;

/// <summary>
/// Carries one leg's media change across a bridged call: a hold (sendonly / inactive, or the RFC 2543 c=0.0.0.0) or an
/// unhold is re-offered to the other leg with the same direction, so the far phone shows "held" and answers
/// recvonly / inactive; a moved media address re-points that leg's relay socket. Media stay anchored here, so each
/// leg's offer/answer stands on its own and the holder's re-INVITE is answered at once.
/// </summary>
internal static class HoldPassthrough
{
    /// <param name="heldPartyGetsMusic">
    /// The gateway plays hold music to the held party: it is offered sendonly (we send, it listens) even when the holder
    /// went inactive.
    /// </param>
    public static void Pass(SipSession from, SdpAnswerResult media, RtpEndpoint? fromLeg, SipSession? to, bool heldPartyGetsMusic = false)
    {
        if (!media.IsHold && fromLeg is not null && CallMediaFactory.RemoteOf(media.RemoteAddress, media.RemotePort) is { } moved) fromLeg.SetRemote(moved);
        if (to is not { State: SipSessionState.Confirmed, LocalSdp: { } current } || current.Audio is not { } ours) return;
        if (from.RemoteSdp is not { } offer || offer.Audio is not { } offered) return;
        // c=0.0.0.0 is how RFC 2543 phones said sendonly.
        var direction = offer.AddressOf(offered) == "0.0.0.0" ? SdpDirection.SendOnly : offered.Direction;
        if (heldPartyGetsMusic && direction == SdpDirection.Inactive) direction = SdpDirection.SendOnly;
        if (ours.Direction == direction) return;
        to.Reoffer(current with
        {
            SessionVersion = current.SessionVersion + 1,
            Direction = null,
            Media = [.. current.Media.Select(m => ReferenceEquals(m, ours) ? m with { Direction = direction } : m)],
        });
    }
}
