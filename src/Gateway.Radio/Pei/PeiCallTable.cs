using Microsoft.Extensions.Logging;

namespace Gateway.Radio.Pei;

/// <summary>
/// The calls of one terminal by CC instance, with each call's pending PTT request and TX timer.
/// Routes call URCs to their <see cref="PeiCall"/>; the first URC after <c>ATD</c> names the dialled
/// call's CC instance. Starts the TX timer when a call starts transmitting and stops it when it
/// stops or is released. Thread-safe.
/// </summary>
internal sealed class PeiCallTable(TimeProvider time, TimeSpan txTimeout, ILogger logger) : IDisposable
{
    private readonly object _sync = new();
    private readonly Dictionary<int, PeiCallControl> _calls = [];
    private PeiCallControl? _dialing;

    public event Action<PeiCall, PeiCallTransition>? CallStateChanged;

    public event Action<PeiCall, PeiTxGrant>? TransmitGrantReceived;

    /// <summary>A call has transmitted for the whole TX timeout.</summary>
    public event Action<PeiCall>? TxTimeoutElapsed;

    public IReadOnlyList<PeiCall> Calls
    {
        get
        {
            lock (_sync)
            {
                return [.. _calls.Values.Select(c => c.Call)];
            }
        }
    }

    public PeiCallControl CreateOutgoing(string identity, bool isGroup) => new(NewCall(PeiCallDirection.Outgoing, identity, isGroup));

    /// <summary>The call being dialled adopts the CC instance of the next unknown call URC.</summary>
    public void BeginDialing(PeiCallControl control)
    {
        lock (_sync)
        {
            _dialing = control;
        }
    }

    public void EndDialing(PeiCallControl control)
    {
        lock (_sync)
        {
            if (ReferenceEquals(_dialing, control))
            {
                _dialing = null;
            }
        }
    }

    public void AddIncoming(PeiIncomingCall incoming)
    {
        var control = new PeiCallControl(NewCall(PeiCallDirection.Incoming, incoming.CallingIdentity, incoming.IsGroupCall));
        control.Call.CcInstance = incoming.CcInstance;
        lock (_sync)
        {
            _calls[incoming.CcInstance] = control;
        }

        control.Call.MarkOffered();
    }

    public void Apply(PeiUrc urc, int ccInstance)
    {
        PeiCallControl? control;
        lock (_sync)
        {
            if (!_calls.TryGetValue(ccInstance, out control) && _dialing is { } dialing)
            {
                control = dialing;
                control.Call.CcInstance = ccInstance;
                _calls[ccInstance] = control;
                _dialing = null;
            }
        }

        if (control is null)
        {
            logger.LogDebug("URC for unknown call {CcInstance}: {Urc}", ccInstance, urc);
            return;
        }

        var wasTransmitting = control.Call.State == PeiCallState.Transmitting;
        control.Call.Apply(urc);
        var isTransmitting = control.Call.State == PeiCallState.Transmitting;

        if (urc is PeiTransmitGrant grant)
        {
            OnGrant(control, grant.Grant);
        }

        if (isTransmitting && !wasTransmitting)
        {
            StartTxTimer(control);
        }
        else if (!isTransmitting && wasTransmitting)
        {
            StopTxTimer(control);
        }

        if (urc is PeiCallReleased)
        {
            Forget(control.Call);
        }
    }

    public PeiCallControl? Find(PeiCall call)
    {
        lock (_sync)
        {
            return call.CcInstance is { } cc && _calls.TryGetValue(cc, out var control) && ReferenceEquals(control.Call, call) ? control : null;
        }
    }

    public void Forget(PeiCall call)
    {
        lock (_sync)
        {
            if (call.CcInstance is { } cc && _calls.TryGetValue(cc, out var control) && ReferenceEquals(control.Call, call))
            {
                control.StopTxTimer();
                control.PendingGrant?.TrySetResult(PeiTxGrant.NotGranted);
                control.PendingGrant = null;
                _calls.Remove(cc);
            }
        }
    }

    public void SetPendingGrant(PeiCallControl control, TaskCompletionSource<PeiTxGrant> grant)
    {
        lock (_sync)
        {
            control.PendingGrant = grant;
        }
    }

    public void ClearPendingGrant(PeiCallControl control, TaskCompletionSource<PeiTxGrant> grant)
    {
        lock (_sync)
        {
            if (ReferenceEquals(control.PendingGrant, grant))
            {
                control.PendingGrant = null;
            }
        }
    }

    /// <summary>
    /// Ends any PTT request and the TX timer; true when the terminal must be told to cease
    /// (the call transmits or a request is outstanding).
    /// </summary>
    public bool BeginRelease(PeiCallControl control)
    {
        lock (_sync)
        {
            var mustRelease = control.Call.State == PeiCallState.Transmitting || control.PendingGrant is not null;
            control.PendingGrant?.TrySetResult(PeiTxGrant.NotGranted);
            control.PendingGrant = null;
            control.StopTxTimer();
            return mustRelease;
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            foreach (var control in _calls.Values)
            {
                control.StopTxTimer();
            }
        }
    }

    private void OnGrant(PeiCallControl control, PeiTxGrant grant)
    {
        TaskCompletionSource<PeiTxGrant>? pending = null;
        if (grant != PeiTxGrant.Queued)
        {
            lock (_sync)
            {
                pending = control.PendingGrant;
                control.PendingGrant = null;
            }
        }

        pending?.TrySetResult(grant);
        TransmitGrantReceived?.Invoke(control.Call, grant);
    }

    private void StartTxTimer(PeiCallControl control)
    {
        lock (_sync)
        {
            control.StopTxTimer();
            control.TxTimer = time.CreateTimer(_ => TxTimeoutElapsed?.Invoke(control.Call), null, txTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void StopTxTimer(PeiCallControl control)
    {
        lock (_sync)
        {
            control.StopTxTimer();
        }
    }

    private PeiCall NewCall(PeiCallDirection direction, string? peer, bool isGroup)
    {
        var call = new PeiCall(direction, peer, isGroup, time, logger);
        call.StateChanged += (c, t) => CallStateChanged?.Invoke(c, t);
        return call;
    }
}

/// <summary>A call with its outstanding PTT request and TX timer; guarded by the table's lock.</summary>
internal sealed class PeiCallControl(PeiCall call)
{
    public PeiCall Call { get; } = call;

    public TaskCompletionSource<PeiTxGrant>? PendingGrant { get; set; }

    public ITimer? TxTimer { get; set; }

    public void StopTxTimer()
    {
        TxTimer?.Dispose();
        TxTimer = null;
    }
}
