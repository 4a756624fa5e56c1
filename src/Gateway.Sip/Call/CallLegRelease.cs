using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Call;

/// <summary>
/// How every call kind (bridged, local tone, prompt, conference, radio voice) lets go of one of its RTP legs: no more
/// digits can be sent on it (those still queued go into the record as not sent), its RTP/RTCP figures go into the call
/// record, then its ports are released.
/// </summary>
public static class CallLegRelease
{
    /// <param name="record">The call's record; null for calls run without one (library use).</param>
    /// <param name="leg">"caller" or "callee", as in <see cref="CallLegMedia.Leg"/>.</param>
    public static async ValueTask ReleaseLegAsync(this CallRecord? record, string leg, RtpEndpoint endpoint)
    {
        if (record is not null)
        {
            var unsent = record.DigitSenders.Detach(leg);
            if (unsent.Count > 0)
            {
                var releasedAt = endpoint.Time.GetUtcNow();
                foreach (var (digit, duration) in unsent)
                    record.AddDigit(new CallDigit(leg, digit.ToString(), (int)duration.TotalMilliseconds, releasedAt, CallDigit.NotSent));
            }
            record.AddLegMedia(leg, endpoint.Statistics.Snapshot());
        }
        await endpoint.DisposeAsync().ConfigureAwait(false);
    }
}
