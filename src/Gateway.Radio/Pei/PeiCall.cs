using Microsoft.Extensions.Logging;

namespace Gateway.Radio.Pei;

public enum PeiCallState
{
    Idle,
    Setup,
    Alerting,
    Connected,
    Transmitting,
    Receiving,
    Released,
}

public enum PeiCallDirection
{
    Outgoing,
    Incoming,
}

/// <summary>One state change of a call, with what caused it.</summary>
public readonly record struct PeiCallTransition(PeiCallState From, PeiCallState To, string Cause, DateTimeOffset At);

/// <summary>
/// State of one circuit-mode call, driven by the terminal's URCs and the driver's own actions:
/// idle → setup (outgoing) / alerting (incoming) → connected ⇄ transmitting / receiving → released.
/// Group calls connect implicitly: a transmit grant in setup or alerting moves straight to
/// transmitting or receiving. Released is final. Every change is logged and kept in <see cref="Transitions"/>.
/// </summary>
public sealed class PeiCall
{
    private const int MaxTransitionsKept = 64;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<PeiCallTransition> _transitions = [];

    public PeiCall(PeiCallDirection direction, string? peer, bool isGroupCall, TimeProvider time, ILogger logger)
    {
        Direction = direction;
        Peer = peer;
        IsGroupCall = isGroupCall;
        _time = time;
        _logger = logger;
    }

    /// <summary>The terminal's call identifier; null for an outgoing call until its first URC.</summary>
    public int? CcInstance { get; internal set; }

    public PeiCallDirection Direction { get; }

    public string? Peer { get; }

    public bool IsGroupCall { get; }

    public PeiCallState State { get; private set; } = PeiCallState.Idle;

    public PeiDisconnectCause? DisconnectCause { get; private set; }

    /// <summary>Identity of the party talking, from the last grant to another.</summary>
    public string? TalkingParty { get; private set; }

    public IReadOnlyList<PeiCallTransition> Transitions => _transitions;

    public bool IsActive => State is not (PeiCallState.Idle or PeiCallState.Released);

    public event Action<PeiCall, PeiCallTransition>? StateChanged;

    public void MarkDialing() => MoveTo(PeiCallState.Setup, "dial", from: PeiCallState.Idle);

    public void MarkOffered() => MoveTo(PeiCallState.Alerting, "+CTICN", from: PeiCallState.Idle);

    public void MarkAnswered() => MoveTo(PeiCallState.Connected, "answered", from: PeiCallState.Alerting);

    /// <summary>Our PTT released (AT+CUTXC sent or TX cut); back to connected.</summary>
    public void MarkTransmitEnded(string cause)
    {
        if (State == PeiCallState.Transmitting)
        {
            MoveTo(PeiCallState.Connected, cause);
        }
    }

    /// <summary>Released by us (ATH) or because the terminal is going away.</summary>
    public void MarkReleased(string cause, PeiDisconnectCause disconnectCause = PeiDisconnectCause.UserRequest)
    {
        if (State != PeiCallState.Released)
        {
            DisconnectCause = disconnectCause;
            MoveTo(PeiCallState.Released, cause);
        }
    }

    /// <summary>Applies a URC addressed to this call; returns false when it does not apply.</summary>
    public bool Apply(PeiUrc urc)
    {
        if (State == PeiCallState.Released)
        {
            return false;
        }

        switch (urc)
        {
            case PeiCallProgress progress when State is PeiCallState.Idle or PeiCallState.Setup:
                CcInstance ??= progress.CcInstance;
                MoveTo(PeiCallState.Setup, $"+CTOCP status {progress.CallStatus}");
                return true;
            case PeiCallConnected when State is PeiCallState.Setup or PeiCallState.Alerting:
                MoveTo(PeiCallState.Connected, "+CTCC");
                return true;
            case PeiTransmitGrant grant:
                return ApplyGrant(grant);
            case PeiDownTransmissionCeased when State == PeiCallState.Receiving:
                TalkingParty = null;
                MoveTo(PeiCallState.Connected, "+CDTXC");
                return true;
            case PeiTransmitInterrupt when State == PeiCallState.Transmitting:
                MoveTo(PeiCallState.Connected, "+CTXI");
                return true;
            case PeiTransmitWait when State == PeiCallState.Transmitting:
                MoveTo(PeiCallState.Connected, "+CTXW");
                return true;
            case PeiCallReleased released:
                DisconnectCause = released.Cause;
                MoveTo(PeiCallState.Released, $"+CTCR cause {(int)released.Cause} {released.Cause}");
                return true;
            default:
                return false;
        }
    }

    private bool ApplyGrant(PeiTransmitGrant grant)
    {
        if (State is PeiCallState.Idle)
        {
            return false;
        }

        switch (grant.Grant)
        {
            case PeiTxGrant.Granted:
                MoveTo(PeiCallState.Transmitting, "+CTXG granted");
                return true;
            case PeiTxGrant.GrantedToAnother:
                TalkingParty = grant.TalkingPartyIdentity;
                MoveTo(PeiCallState.Receiving, "+CTXG granted to another");
                return true;
            default:
                // Refused or queued: the call itself is up, nobody of ours talks.
                if (State is PeiCallState.Setup or PeiCallState.Alerting)
                {
                    MoveTo(PeiCallState.Connected, $"+CTXG {grant.Grant}");
                }

                return true;
        }
    }

    private void MoveTo(PeiCallState next, string cause, PeiCallState? from = null)
    {
        if (from is { } required && State != required)
        {
            throw new InvalidOperationException($"Call is {State}, not {required}.");
        }

        if (State == next)
        {
            return;
        }

        var transition = new PeiCallTransition(State, next, cause, _time.GetUtcNow());
        State = next;
        if (_transitions.Count == MaxTransitionsKept)
        {
            _transitions.RemoveAt(0);
        }

        _transitions.Add(transition);
        _logger.LogInformation("Call {CcInstance} ({Direction} {Peer}): {From} -> {To} ({Cause})",
            CcInstance, Direction, Peer, transition.From, transition.To, cause);
        StateChanged?.Invoke(this, transition);
    }
}
