using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Gateway.Core.Serial.Resilience;

/// <summary>
/// Keeps a serial link open: opens a fresh inner link through a Polly retry pipeline with exponential
/// backoff, and when the open link is lost (read returns 0, I/O error, inner link faults) reopens it in the
/// background. The read that sees the loss throws <see cref="SerialLinkLostException"/> so the layer above
/// can fail its pending command; later reads wait until the link is back. RTS/DTR set by the caller are
/// restored after every reopen.
/// </summary>
public sealed class ReconnectingSerialLink : ISerialLink
{
    private readonly Func<ISerialLink> _linkFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SerialLinkCounters _counters;
    private readonly Lock _gate = new();
    private readonly Lock _healthGate = new();
    private ISerialLink? _current;
    private TaskCompletionSource<ISerialLink> _opened = NewOpenedSource();
    private Task? _connecting;
    private SerialLinkHealth _health;
    private bool? _desiredRts;
    private bool? _desiredDtr;
    private bool _everOpened;
    private bool _started;

    public ReconnectingSerialLink(
        string address,
        Func<ISerialLink> linkFactory,
        ReconnectOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<ReconnectingSerialLink>? logger = null)
    {
        Address = address;
        _linkFactory = linkFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ReconnectingSerialLink>.Instance;
        _counters = SerialLinkMetrics.For(address);
        _health = new SerialLinkHealth(address, SerialLinkState.Closed, _timeProvider.GetUtcNow(), null, 0, 0);
        _pipeline = BuildPipeline(options ?? new ReconnectOptions());
    }

    public string Address { get; }

    public SerialLinkState State => Health.State;

    public SerialLinkHealth Health
    {
        get
        {
            lock (_healthGate)
            {
                return _health;
            }
        }
    }

    public ModemInputLines InputLines => Volatile.Read(ref _current)?.InputLines ?? ModemInputLines.None;

    /// <summary>Whether the link currently open can drive control lines (false while down).</summary>
    public bool SupportsControlLines => Volatile.Read(ref _current)?.SupportsControlLines ?? false;

    public event Action<SerialLinkState>? StateChanged;

    public event Action<ModemInputLines>? InputLinesChanged;

    /// <summary>Starts connecting (if not yet) and waits until the link is open or the token is cancelled.</summary>
    public async ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        Task<ISerialLink> opened;
        bool start;
        lock (_gate)
        {
            start = !_started;
            _started = true;
            opened = _opened.Task;
        }

        if (start)
        {
            SetState(SerialLinkState.Connecting, null);
            lock (_gate)
            {
                _connecting = ConnectLoopAsync();
            }
        }

        await opened.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var link = await WaitOpenAsync(cancellationToken).ConfigureAwait(false);
        int read;
        try
        {
            read = await link.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            OnLost(link, ex);
            throw ex as SerialLinkLostException ?? new SerialLinkLostException(Address, ex);
        }

        if (read > 0)
        {
            return read;
        }

        OnLost(link, null);
        throw new SerialLinkLostException(Address, null);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var link = Volatile.Read(ref _current) ?? throw new SerialLinkUnavailableException(Address, State);
        try
        {
            await link.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            OnLost(link, ex);
            throw ex as SerialLinkLostException ?? new SerialLinkLostException(Address, ex);
        }
    }

    public async ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default)
    {
        _desiredRts = rts ?? _desiredRts;
        _desiredDtr = dtr ?? _desiredDtr;
        var link = Volatile.Read(ref _current) ?? throw new SerialLinkUnavailableException(Address, State);
        await link.SetControlLinesAsync(rts, dtr, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        Task? connecting;
        ISerialLink? link;
        lock (_gate)
        {
            connecting = _connecting;
            link = _current;
            _current = null;
            _opened.TrySetException(new ObjectDisposedException(nameof(ReconnectingSerialLink)));
        }

        if (connecting is not null)
        {
            await connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (link is not null)
        {
            await DetachAndDisposeAsync(link).ConfigureAwait(false);
        }

        SetState(SerialLinkState.Closed, null);
        _lifetime.Dispose();
    }

    private ResiliencePipeline BuildPipeline(ReconnectOptions options) =>
        new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.InitialDelay,
                MaxDelay = options.MaxDelay,
                UseJitter = options.UseJitter,
                OnRetry = args =>
                {
                    var message = args.Outcome.Exception?.Message;
                    _logger.LogWarning("Opening {Address} failed (attempt {Attempt}): {Error}; retrying in {Delay}", Address, args.AttemptNumber + 1, message, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private async Task<ISerialLink> WaitOpenAsync(CancellationToken cancellationToken)
    {
        Task<ISerialLink> opened;
        lock (_gate)
        {
            if (_current is { } current)
            {
                return current;
            }

            if (!_started)
            {
                throw new SerialLinkUnavailableException(Address, State);
            }

            opened = _opened.Task;
        }

        return await opened.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ConnectLoopAsync()
    {
        await Task.Yield();
        try
        {
            await _pipeline.ExecuteAsync(
                async token =>
                {
                    var link = _linkFactory();
                    try
                    {
                        await link.OpenAsync(token).ConfigureAwait(false);
                        await RestoreControlLinesAsync(link, token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _counters.Error();
                        RecordFailure(ex);
                        await link.DisposeAsync().ConfigureAwait(false);
                        throw;
                    }

                    Attach(link);
                },
                _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed while connecting.
        }
    }

    private async ValueTask RestoreControlLinesAsync(ISerialLink link, CancellationToken token)
    {
        if ((_desiredRts is not null || _desiredDtr is not null) && link.SupportsControlLines)
        {
            await link.SetControlLinesAsync(_desiredRts, _desiredDtr, token).ConfigureAwait(false);
        }
    }

    private void Attach(ISerialLink link)
    {
        link.InputLinesChanged += OnInnerInputLinesChanged;
        link.StateChanged += OnInnerStateChanged;
        TaskCompletionSource<ISerialLink> opened;
        bool reconnect;
        lock (_gate)
        {
            _current = link;
            _connecting = null;
            opened = _opened;
            reconnect = _everOpened;
            _everOpened = true;
        }

        if (reconnect)
        {
            _counters.Reconnect();
            _logger.LogInformation("Serial link {Address} is back", Address);
        }

        SetState(SerialLinkState.Open, null, reconnected: reconnect);
        opened.TrySetResult(link);
        if (link.InputLines != ModemInputLines.None)
        {
            InputLinesChanged?.Invoke(link.InputLines);
        }

        if (link.State != SerialLinkState.Open)
        {
            // Lost between opening and attaching the handlers.
            OnLost(link, null);
        }
    }

    private void OnInnerStateChanged(SerialLinkState state)
    {
        if (state == SerialLinkState.Faulted && Volatile.Read(ref _current) is { State: SerialLinkState.Faulted } link)
        {
            OnLost(link, null);
        }
    }

    private void OnInnerInputLinesChanged(ModemInputLines lines) => InputLinesChanged?.Invoke(lines);

    private void OnLost(ISerialLink link, Exception? cause)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_current, link) || _lifetime.IsCancellationRequested)
            {
                return;
            }

            _current = null;
            _opened = NewOpenedSource();
        }

        // Report the loss before reconnecting starts, so "Faulted" can never arrive after "Open".
        _logger.LogWarning(cause, "Serial link {Address} lost; reconnecting", Address);
        SetState(SerialLinkState.Faulted, cause?.Message ?? "closed by the peer");
        InputLinesChanged?.Invoke(ModemInputLines.None);
        _ = DetachAndDisposeAsync(link).AsTask();
        lock (_gate)
        {
            if (!_lifetime.IsCancellationRequested)
            {
                _connecting = ConnectLoopAsync();
            }
        }
    }

    private async ValueTask DetachAndDisposeAsync(ISerialLink link)
    {
        link.InputLinesChanged -= OnInnerInputLinesChanged;
        link.StateChanged -= OnInnerStateChanged;
        try
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "Closing lost link {Address} failed", Address);
        }
    }

    private void RecordFailure(Exception error)
    {
        lock (_healthGate)
        {
            _health = _health with { LastError = error.Message, FailedAttempts = _health.FailedAttempts + 1 };
        }
    }

    private void SetState(SerialLinkState state, string? error, bool reconnected = false)
    {
        bool changed;
        lock (_healthGate)
        {
            var health = _health;
            changed = health.State != state;
            _health = health with
            {
                State = state,
                Since = changed ? _timeProvider.GetUtcNow() : health.Since,
                LastError = error ?? health.LastError,
                FailedAttempts = state == SerialLinkState.Open ? 0 : health.FailedAttempts,
                Reconnects = health.Reconnects + (reconnected ? 1 : 0),
            };
        }

        // Raised outside the lock; the order of changes is kept by OnLost reporting before reconnecting.
        if (changed)
        {
            StateChanged?.Invoke(state);
        }
    }

    private static TaskCompletionSource<ISerialLink> NewOpenedSource() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
