namespace Gateway.Simulators.Transport;

/// <summary>
/// The modem-control lines of the simulated device's serial port. RTS and DTR are driven by the client
/// (over RFC 2217); CTS, DSR, DCD and RI are driven by the device model and notified to RFC 2217 clients.
/// Also keeps the line settings the client last asked for.
/// </summary>
public sealed class SimulatedControlLines
{
    private readonly Lock _gate = new();
    private bool _rts;
    private bool _dtr;
    private SimulatedInputs _inputs;

    /// <summary>Raised after the client changed RTS or DTR.</summary>
    public event Action? OutputsChanged;

    /// <summary>Raised after the device changed CTS, DSR, DCD or RI.</summary>
    public event Action? InputsChanged;

    public bool Rts
    {
        get
        {
            lock (_gate)
            {
                return _rts;
            }
        }
    }

    public bool Dtr
    {
        get
        {
            lock (_gate)
            {
                return _dtr;
            }
        }
    }

    public SimulatedInputs Inputs
    {
        get
        {
            lock (_gate)
            {
                return _inputs;
            }
        }
    }

    public int BaudRate { get; set; } = 115200;

    public int DataBits { get; set; } = 8;

    public void SetOutputs(bool? rts, bool? dtr)
    {
        bool changed;
        lock (_gate)
        {
            var newRts = rts ?? _rts;
            var newDtr = dtr ?? _dtr;
            changed = newRts != _rts || newDtr != _dtr;
            _rts = newRts;
            _dtr = newDtr;
        }

        if (changed)
        {
            OutputsChanged?.Invoke();
        }
    }

    public void SetInputs(SimulatedInputs inputs)
    {
        bool changed;
        lock (_gate)
        {
            changed = inputs != _inputs;
            _inputs = inputs;
        }

        if (changed)
        {
            InputsChanged?.Invoke();
        }
    }

    /// <summary>Completes when <paramref name="condition"/> holds (checked now and after every change).</summary>
    public async Task WaitUntilAsync(Func<SimulatedControlLines, bool> condition, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (condition(this))
            {
                reached.TrySetResult();
            }
        }

        OutputsChanged += Check;
        InputsChanged += Check;
        try
        {
            Check();
            await reached.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            OutputsChanged -= Check;
            InputsChanged -= Check;
        }
    }
}

/// <summary>Levels of the device's output lines as the client sees them (its inputs).</summary>
public readonly record struct SimulatedInputs(bool Cts, bool Dsr, bool Dcd, bool Ri);
