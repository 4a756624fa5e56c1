using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Call;

/// <summary>
/// How every call kind (bridged, local tone, prompt, conference, radio voice) lets go of one of its RTP legs: no more
/// digits can be sent on it, its RTP/RTCP figures go into the call record, then its ports are released.
/// </summary>
public static class CallLegRelease
{
    /// <param name="record">The call's record; null for calls run without one (library use).</param>
    /// <param name="leg">"caller" or "callee", as in <see cref="CallLegMedia.Leg"/>.</param>
    public static async ValueTask ReleaseLegAsync(this CallRecord? record, string leg, RtpEndpoint endpoint)
    {
        if (record is not null)
        {
            record.DigitSenders.Detach(leg);
            record.AddLegMedia(leg, endpoint.Statistics.Snapshot());
        }
        await endpoint.DisposeAsync().ConfigureAwait(false);
    }
}
