using Gateway.Core.Lifecycle;
using Gateway.Core.Serial;
using Gateway.Radio.Floor;
using Microsoft.Extensions.Logging;

namespace Gateway.Radio.Conventional;

/// <summary>
/// A conventional (analogue) radio keyed through a serial port's control lines. Keying drives the
/// PTT line, waits the TX delay and only then reports the path ready for audio; the TX timeout
/// cuts a stuck PTT; the squelch line raises <see cref="CarrierChanged"/>. PTT is released on
/// unkey, timeout and stop.
/// </summary>
public sealed class ConventionalRadio : IPttTransmitter, IDeviceStopHook, IAsyncDisposable
{
    private readonly ISerialLink _link;
    private readonly ConventionalRadioOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ConventionalRadio> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _sync = new();
    private ITimer? _txTimer;
    private CancellationTokenSource? _keying;
    private bool _carrier;

    public ConventionalRadio(ISerialLink link, ConventionalRadioOptions options, TimeProvider time, ILogger<ConventionalRadio> logger)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Radio '{options.Name}': {string.Join(" ", errors)}", nameof(options));
        }

        _link = link;
        _options = options;
        _time = time;
        _logger = logger;
        _carrier = IsCosActive(link.InputLines);
        _link.InputLinesChanged += OnInputLinesChanged;
    }

    public string Name => _options.Name;

    /// <summary>PTT line is asserted.</summary>
    public bool IsKeyed { get; private set; }

    /// <summary>Keyed and the TX delay has passed: audio may be sent.</summary>
    public bool IsAudioReady { get; private set; }

    /// <summary>The receiver's squelch is open (a unit is talking).</summary>
    public bool IsCarrierDetected
    {
        get
        {
            lock (_sync)
            {
                return _carrier;
            }
        }
    }

    /// <summary>Raised with true when the squelch opens and false when it closes.</summary>
    public event Action<bool>? CarrierChanged;

    /// <summary>Raised after the TX timeout has cut PTT.</summary>
    public event Action? TxTimedOut;

    /// <summary>Keys PTT; returns true after the TX delay, false when unkeyed during the delay.</summary>
    /// <exception cref="NotSupportedException">The link has no control lines.</exception>
    public async Task<bool> KeyAsync(FloorPriority priority, CancellationToken cancellationToken)
    {
        if (!_link.SupportsControlLines)
        {
            throw new NotSupportedException($"Link {_link.Address} cannot drive control lines.");
        }

        CancellationToken keying;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsKeyed)
            {
                return IsAudioReady;
            }

            await DrivePttAsync(true, cancellationToken).ConfigureAwait(false);
            IsKeyed = true;
            _keying = new CancellationTokenSource();
            keying = _keying.Token; // taken under the gate: an unkey may dispose the source right after
            _txTimer = _time.CreateTimer(_ => _ = OnTxTimeoutAsync(), null, _options.TxTimeout, Timeout.InfiniteTimeSpan);
            _logger.LogInformation("{Name}: PTT keyed ({Line}{Inverted})", Name, _options.PttLine, _options.PttInverted ? ", inverted" : string.Empty);
        }
        finally
        {
            _gate.Release();
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(keying, cancellationToken);
        try
        {
            await Task.Delay(_options.TxDelay, _time, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        IsAudioReady = IsKeyed && !keying.IsCancellationRequested;
        return IsAudioReady;
    }

    public async Task UnkeyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await UnkeyLockedAsync("unkey", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Drive the line inactive even if we think it already is: stop must leave the radio safe.
            IsKeyed = true;
            await UnkeyLockedAsync("stop", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _link.InputLinesChanged -= OnInputLinesChanged;
        _gate.Dispose();
    }

    private async Task UnkeyLockedAsync(string cause, CancellationToken cancellationToken)
    {
        _txTimer?.Dispose();
        _txTimer = null;
        _keying?.Cancel();
        _keying?.Dispose();
        _keying = null;
        IsAudioReady = false;
        if (!IsKeyed)
        {
            return;
        }

        IsKeyed = false;
        await DrivePttAsync(false, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("{Name}: PTT released ({Cause})", Name, cause);
    }

    private async Task OnTxTimeoutAsync()
    {
        try
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                _logger.LogWarning("{Name}: TX timeout {Timeout} reached, cutting PTT", Name, _options.TxTimeout);
                await UnkeyLockedAsync("TX timeout", CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }

            TxTimedOut?.Invoke();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Name}: cutting PTT after TX timeout failed", Name);
        }
    }

    private ValueTask DrivePttAsync(bool keyed, CancellationToken cancellationToken)
    {
        var level = keyed != _options.PttInverted;
        return _options.PttLine == PttLine.Rts
            ? _link.SetControlLinesAsync(rts: level, dtr: null, cancellationToken)
            : _link.SetControlLinesAsync(rts: null, dtr: level, cancellationToken);
    }

    private void OnInputLinesChanged(ModemInputLines lines)
    {
        var carrier = IsCosActive(lines);
        lock (_sync)
        {
            if (carrier == _carrier)
            {
                return;
            }

            _carrier = carrier;
        }

        _logger.LogInformation("{Name}: squelch {State}", Name, carrier ? "open" : "closed");
        CarrierChanged?.Invoke(carrier);
    }

    private bool IsCosActive(ModemInputLines lines)
    {
        var bit = _options.CosLine switch
        {
            CosLine.Cts => ModemInputLines.Cts,
            CosLine.Dsr => ModemInputLines.Dsr,
            _ => ModemInputLines.Dcd,
        };
        return lines.HasFlag(bit) != _options.CosInverted;
    }
}
