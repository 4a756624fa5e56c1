namespace Gateway.Sip.Call;

/// <summary>One call's record: who, where it went, when it started / was answered / ended, and why it ended.</summary>
public sealed class CallRecord
{
    public required string Id { get; init; }
    public required string CallId { get; init; }
    public required string Caller { get; init; }
    public required string Called { get; init; }
    public string? Peer { get; init; }
    /// <summary>
    /// The caller's number from P-Asserted-Identity (trunks only) or From. Kept when the caller asked for privacy
    /// on a trusted trunk (the emergency service may see it, RFC 3325); null when anonymous or unverifiable.
    /// </summary>
    public string? CallerNumber { get; init; }
    /// <summary>The caller asked for privacy (Privacy: id/user/header) or is anonymous: do not display the number.</summary>
    public bool CallerWithheld { get; init; }
    /// <summary>The number dialled: the Request-URI's user part without parameters (tel: number for tel URIs).</summary>
    public string? CalledNumber { get; init; }
    public string? Route { get; set; }
    public required DateTimeOffset Started { get; init; }
    public DateTimeOffset? Answered { get; set; }
    public DateTimeOffset? Ended { get; set; }
    /// <summary>SIP status behind the end (200 for a normal hang-up).</summary>
    public int EndStatus { get; set; }
    public string? EndCause { get; set; }
    public bool Failed => Answered is null && Ended is not null;

    /// <summary>The call's recording (file and length), when it was recorded.</summary>
    public CallRecordingSummary? Recording { get; set; }

    /// <summary>RFC 4733 digits received on the call's legs and sent into them, in the order they arrived or went out.</summary>
    public List<CallDigit> Digits { get; init; } = [];

    /// <summary>Where digits are sent into the live call (per leg, while its media is up); not part of the record itself.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CallDigitSenders DigitSenders { get; } = new();

    /// <summary>Appends a digit (legs report from their own receive loops, senders from their media clock).</summary>
    public void AddDigit(CallDigit digit)
    {
        lock (Digits) Digits.Add(digit);
    }

    /// <summary>RTP/RTCP figures of each of the gateway's legs (loss, jitter, round trip), taken when the leg closes.</summary>
    public List<CallLegMedia> Media { get; init; } = [];

    /// <summary>Keeps a closing leg's figures ("caller", "callee").</summary>
    public void AddLegMedia(string leg, Media.Rtp.RtpLegStatisticsSnapshot statistics)
    {
        lock (Media) Media.Add(new CallLegMedia(leg, statistics));
    }

    /// <summary>The digits received so far as one string ("12#"), in arrival order (sent ones are not in it).</summary>
    public string DigitString()
    {
        lock (Digits) return string.Concat(Digits.Where(d => d.Direction == CallDigit.Received).Select(d => d.Digit));
    }
}

/// <summary>Where a call was recorded and for how long ("StereoCallerLeft" or "MixedMono").</summary>
public sealed record CallRecordingSummary(string Path, long DurationMs, string Layout);

/// <summary>One leg's RTP/RTCP figures as the call record keeps them.</summary>
public sealed record CallLegMedia(string Leg, Media.Rtp.RtpLegStatisticsSnapshot Statistics);

/// <summary>
/// One RFC 4733 digit: the leg it came in on or was sent on ("caller", "callee"), the digit, how long it was held, when,
/// and which way (<see cref="Received"/>, <see cref="Sent"/> or <see cref="NotSent"/>; records journaled before sending
/// existed are received).
/// </summary>
public sealed record CallDigit(string Leg, string Digit, int DurationMs, DateTimeOffset At, string Direction = CallDigit.Received)
{
    public const string Received = "received";
    public const string Sent = "sent";
    /// <summary>Queued for sending (the API accepted it) but the leg was released before it went out.</summary>
    public const string NotSent = "not-sent";
}
