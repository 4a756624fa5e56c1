using System.Collections.Concurrent;
using Gateway.Core.At;
using Gateway.Radio.Pei;
using Gateway.Radio.Sds;
using Microsoft.Extensions.Logging;

namespace Gateway.Radio.AtPort;

/// <summary>
/// A <see cref="PeiTerminal"/> kept usable across link loss: start-up runs at <see cref="StartAsync"/> and again
/// every time the AT channel reports the link restored; text sends wait until the terminal is ready, and a send
/// cut by link loss is re-sent once after start-up. Sends carry an idempotency key: a second send with the same
/// key gets the first one's result instead of going out again.
/// </summary>
/// <remarks>
/// Limit: when the link drops after the radio took <c>AT+CMGS</c> but before its answer reached us, the re-send
/// can deliver the text twice — PEI has no way to ask the radio what it sent. The simulator's close-on-command
/// fault drops the port before the command is taken, the usual case with a pulled cable.
/// </remarks>
public sealed class SupervisedPeiTerminal : IAsyncDisposable
{
    private readonly AtPeiCommandPort _port;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<SdsSendResult>>> _sends = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _ready = NewReadySignal();
    private TaskCompletionSource _nextStartUp = NewReadySignal();
    private PeiTerminalReadiness _readiness = PeiTerminalReadiness.Starting;
    private int _startUps;
    private string? _lastError;
    private DateTimeOffset? _readySince;

    public SupervisedPeiTerminal(AtCommandChannel channel, PeiTerminalOptions options, TimeProvider time, ILoggerFactory loggerFactory, OrderStatusMap? statusMap = null)
    {
        _time = time;
        _logger = loggerFactory.CreateLogger<SupervisedPeiTerminal>();
        _port = new AtPeiCommandPort(channel, loggerFactory.CreateLogger<AtPeiCommandPort>());
        Terminal = new PeiTerminal(_port, options, time, loggerFactory.CreateLogger<PeiTerminal>(), statusMap);
        _port.LinkLost += OnLinkLost;
        _port.LinkRestored += OnLinkRestored;
    }

    public PeiTerminal Terminal { get; }

    public string Name => Terminal.Name;

    /// <summary>Raised after every successful start-up (the first and each after a reconnect).</summary>
    public event Action<PeiTerminalHealth>? HealthChanged;

    public PeiTerminalHealth Health
    {
        get
        {
            lock (_gate)
            {
                return new PeiTerminalHealth(Name, _readiness, Terminal.OwnIdentity, _startUps, _lastError, _readySince);
            }
        }
    }

    public bool IsReady => Health.Readiness == PeiTerminalReadiness.Ready;

    /// <summary>Runs start-up; throws when a mandatory command fails (the terminal then retries on reconnect).</summary>
    public Task StartAsync(CancellationToken cancellationToken) => RunStartUpAsync(cancellationToken);

    /// <summary>Completes when start-up has succeeded (now or later).</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _ready.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Sends a text once per <paramref name="idempotencyKey"/>: waits for the terminal to be ready, and re-sends
    /// once after start-up when the link is lost during the send.
    /// </summary>
    public Task<SdsSendResult> SendTextAsync(string idempotencyKey, string destination, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var send = _sends.GetOrAdd(idempotencyKey, _ => new Lazy<Task<SdsSendResult>>(() => SendWithOneRetryAsync(destination, text, cancellationToken)));
        return send.Value;
    }

    /// <summary>Forgets a finished send's key (the host calls this once the order is journaled).</summary>
    public bool ForgetKey(string idempotencyKey) =>
        _sends.TryGetValue(idempotencyKey, out var send) && send.IsValueCreated && send.Value.IsCompleted && _sends.TryRemove(idempotencyKey, out _);

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        _port.LinkLost -= OnLinkLost;
        _port.LinkRestored -= OnLinkRestored;
        await Terminal.DisposeAsync().ConfigureAwait(false);
        _port.Dispose();
        _disposed.Dispose();
    }

    private async Task<SdsSendResult> SendWithOneRetryAsync(string destination, string text, CancellationToken cancellationToken)
    {
        await WhenReadyAsync(cancellationToken).ConfigureAwait(false);
        var startUpsBefore = Health.StartUps;
        try
        {
            return await Terminal.SendTextAsync(destination, text, cancellationToken).ConfigureAwait(false);
        }
        catch (AtLinkLostException ex)
        {
            _logger.LogWarning("Link lost while sending a text to {Destination} on {Name}: re-sending once after start-up ({Reason})", destination, Name, ex.Message);
        }

        // Wait for a start-up that began after this loss, whenever the loss event itself is raised.
        await WhenStartedAfterAsync(startUpsBefore, cancellationToken).ConfigureAwait(false);
        return await Terminal.SendTextAsync(destination, text, cancellationToken).ConfigureAwait(false);
    }

    private async Task WhenStartedAfterAsync(int startUps, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_startUps > startUps && _readiness == PeiTerminalReadiness.Ready)
                {
                    return;
                }

                next = _nextStartUp.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunStartUpAsync(CancellationToken cancellationToken)
    {
        MarkNotReady(PeiTerminalReadiness.Starting, null);
        try
        {
            await Terminal.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PeiCommandException or AtException)
        {
            lock (_gate)
            {
                _readiness = ex is AtLinkLostException ? PeiTerminalReadiness.LinkDown : PeiTerminalReadiness.StartUpFailed;
                _lastError = ex.Message;
            }

            HealthChanged?.Invoke(Health);
            throw;
        }

        TaskCompletionSource ready, started;
        lock (_gate)
        {
            _readiness = PeiTerminalReadiness.Ready;
            _startUps++;
            _lastError = null;
            _readySince = _time.GetUtcNow();
            ready = _ready;
            started = _nextStartUp;
            _nextStartUp = NewReadySignal();
        }

        ready.TrySetResult();
        started.TrySetResult();
        HealthChanged?.Invoke(Health);
    }

    private void MarkNotReady(PeiTerminalReadiness readiness, string? reason)
    {
        lock (_gate)
        {
            if (_ready.Task.IsCompleted)
            {
                _ready = NewReadySignal();
            }

            _readiness = readiness;
            _lastError = reason ?? _lastError;
            _readySince = null;
        }
    }

    private void OnLinkLost()
    {
        MarkNotReady(PeiTerminalReadiness.LinkDown, "link lost");
        HealthChanged?.Invoke(Health);
    }

    private void OnLinkRestored()
    {
        // Runs on the link's thread: start-up goes to the pool.
        _ = Task.Run(async () =>
        {
            try
            {
                await RunStartUpAsync(_disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Disposed.
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Start-up of {Name} after reconnect failed", Name);
            }
        });
    }

    private static TaskCompletionSource NewReadySignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
