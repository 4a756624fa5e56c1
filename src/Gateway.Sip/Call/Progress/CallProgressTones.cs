using Gateway.Sip.Media.Tones;

namespace Gateway.Sip.Call.Progress;

/// <summary>What the gateway itself plays in bridged calls: ringback, busy tone, hold music.</summary>
public sealed record CallProgressTones
{
    /// <summary>Nothing local: ringing is passed on as 180, failures at once, a held party hears silence.</summary>
    public static CallProgressTones None { get; } = new() { LocalRingback = false };

    /// <summary>
    /// While the far leg rings without SDP, answer the caller 183 with our SDP and play the 450 Hz 1 s / 4 s ringback
    /// ourselves (the far end's own early media is relayed instead as soon as it sends SDP).
    /// </summary>
    public bool LocalRingback { get; init; } = true;

    /// <summary>How long the caller hears the 450 Hz 0.35 s / 0.35 s busy tone before the failure; zero: the failure at once.</summary>
    public TimeSpan BusyTone { get; init; }

    /// <summary>Played, looped, to a party the other one holds; null: silence (or whatever the holder sends).</summary>
    public WavPrompt? HoldMusic { get; init; }

    /// <summary>Failures the busy tone stands for: busy here, busy everywhere, declined.</summary>
    public static bool MeansBusy(int statusCode) => statusCode is 486 or 600 or 603;
}
