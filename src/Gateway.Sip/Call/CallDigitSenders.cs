using Gateway.Sip.Media.Dtmf;

namespace Gateway.Sip.Call;

/// <summary>Outcome of asking a live call to send digits on one of its legs.</summary>
public enum DigitSendOutcome
{
    /// <summary>Queued; they go out as RFC 4733 events on the leg's next media ticks.</summary>
    Queued,
    /// <summary>The call has no such leg with media up (not answered yet, already released, or a call kind without it).</summary>
    NoSuchLeg,
    /// <summary>The leg's SDP has no telephone-event: RFC 4733 digits cannot be sent on it.</summary>
    NoTelephoneEvent,
}

/// <summary>
/// The legs of one live call that digits can be sent on. Each call kind attaches its legs' <see cref="DtmfTransmitter"/>
/// once their media is up (null when the leg negotiated no telephone-event) and detaches them when media is released.
/// </summary>
public sealed class CallDigitSenders
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DtmfTransmitter? Transmitter, Action? Queued)> _legs = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes <paramref name="leg"/> ("caller", "callee") reachable; <paramref name="transmitter"/> null = no telephone-event
    /// on it. <paramref name="queued"/> runs after digits were queued (e.g. starts the clock that sends them).
    /// </summary>
    public void Attach(string leg, DtmfTransmitter? transmitter, Action? queued = null)
    {
        lock (_gate) _legs[leg] = (transmitter, queued);
    }

    /// <summary>
    /// No more digits on <paramref name="leg"/>: its media is being released. Returns the digits that were queued
    /// (the API answered 202) but never went out, so the record can say so.
    /// </summary>
    public IReadOnlyList<(char Digit, TimeSpan Duration)> Detach(string leg)
    {
        (DtmfTransmitter? Transmitter, Action? Queued) sender;
        lock (_gate)
        {
            if (!_legs.Remove(leg, out sender)) return [];
        }
        return sender.Transmitter?.TakeUnsent() ?? [];
    }

    /// <summary>Queues <paramref name="digits"/> (already validated DTMF symbols) on <paramref name="leg"/>.</summary>
    public DigitSendOutcome TrySend(string leg, string digits, TimeSpan toneDuration)
    {
        (DtmfTransmitter? Transmitter, Action? Queued) sender;
        lock (_gate)
        {
            if (!_legs.TryGetValue(leg, out sender)) return DigitSendOutcome.NoSuchLeg;
            if (sender.Transmitter is null) return DigitSendOutcome.NoTelephoneEvent;
            // Under the lock: a Detach running now either refuses these (NoSuchLeg) or finds them queued and reports them.
            sender.Transmitter.Enqueue(digits, toneDuration);
        }
        sender.Queued?.Invoke();
        return DigitSendOutcome.Queued;
    }
}
