using System.Buffers;
using Gateway.Core.Serial;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.At;

/// <summary>
/// Talks AT to one device over an <see cref="ISerialLink"/>: one command at a time, each with a
/// timeout, its intermediate lines collected until a final result; unsolicited result codes
/// routed to subscribers by prefix at any time; the <c>&gt; </c> prompt + Ctrl-Z form; and a raw
/// data phase after CONNECT that honours XON/XOFF.
/// </summary>
/// <remarks>
/// <para>How a received line is classified, in this order: echo of the pending command or its
/// payload (dropped); garbage, i.e. any byte outside printable ASCII (dropped, counted); the
/// payload line of a held URC; the prompt; a final result code (ends the pending command);
/// a line with the pending command's declared <see cref="AtCommand.ResponsePrefix"/> (the
/// command's); a line some URC subscriber wants (the subscriber's); any other line (the pending
/// command's, or logged as unhandled when none is pending).</para>
/// <para>The read loop starts with <see cref="Start"/> and survives link loss: a lost link fails
/// the pending command with <see cref="AtLinkLostException"/>, and reading resumes by itself
/// when the link reports <see cref="SerialLinkState.Open"/> again. The channel does not own the
/// link: open and dispose it yourself.</para>
/// </remarks>
public sealed class AtCommandChannel : IAsyncDisposable
{
    public const byte CtrlZ = 0x1A;
    public const byte Escape = 0x1B;

    private const int NotStarted = 0;
    private const int Running = 1;
    private const int Lost = 2;
    private const int Disposed = 3;

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(2);
    private static readonly string[] ResultTagValues = Enum.GetNames<AtResultCode>();

    private readonly ISerialLink _link;
    private readonly AtChannelOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AtChannelMetrics _metrics;
    private readonly bool _ownsMetrics;
    private readonly KeyValuePair<string, object?> _deviceTag;
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly AtLineReader _reader;
    private readonly byte[] _readBuffer;
    private readonly byte[] _heldUnsolicited;
    private int _heldUnsolicitedLength = -1;
    private PendingCommand? _pending;
    private int _state = NotStarted;
    private TaskCompletionSource? _linkOpened;
    private Task? _supervisor;

    public AtCommandChannel(
        ISerialLink link,
        AtChannelOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<AtCommandChannel>? logger = null,
        AtChannelMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        _link = link;
        _options = options ?? new AtChannelOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _ownsMetrics = metrics is null;
        _metrics = metrics ?? new AtChannelMetrics();
        _deviceTag = new("device", link.Address);
        _reader = new AtLineReader(_options.MaxLineLength);
        _readBuffer = ArrayPool<byte>.Shared.Rent(_options.ReadBufferSize);
        _heldUnsolicited = ArrayPool<byte>.Shared.Rent(_options.MaxLineLength);
        Unsolicited.HandlerFailed += (prefix, ex) => AtChannelLog.HandlerFailed(_logger, _link.Address, prefix, ex);
        _link.StateChanged += OnLinkStateChanged;
    }

    /// <summary>Raised on the read loop when the link is lost (the pending command has already failed).</summary>
    public event Action<AtLinkLostException>? LinkLost;

    /// <summary>
    /// Raised when the link is open again after a loss and commands are accepted again: the place
    /// for a device driver to re-run its start-up. Runs on the link's thread; do not block.
    /// </summary>
    public event Action? LinkRestored;

    /// <summary>The subscribers of unsolicited result codes (see also <see cref="SubscribeUnsolicited"/>).</summary>
    public AtUnsolicitedRouter Unsolicited { get; } = new();

    /// <summary>True while the read loop runs on an open link.</summary>
    public bool IsReadLoopActive => Volatile.Read(ref _state) == Running;

    /// <summary>True between XOFF and XON from the device.</summary>
    public bool IsFlowPaused => Flow.IsPaused;

    internal AtFlowGate Flow { get; } = new();

    internal AtChannelOptions Options => _options;

    internal TimeProvider Time => _timeProvider;

    /// <summary>Starts the read loop (once). Call after the link has been opened, or before: it waits for the link to open.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == Disposed, this);
        if (Interlocked.CompareExchange(ref _state, Running, NotStarted) == NotStarted)
        {
            _supervisor = SuperviseAsync(_stop.Token);
        }
    }

    /// <summary>
    /// Routes URCs starting with <paramref name="prefix"/> (e.g. <c>+CTXG</c>) to <paramref name="handler"/>,
    /// which runs on the read loop. With <paramref name="hasPayloadLine"/> the next line is delivered with it
    /// (e.g. the hex PDU after <c>+CTSDSR</c>). Dispose the result to unsubscribe.
    /// </summary>
    public IDisposable SubscribeUnsolicited(string prefix, AtUnsolicitedHandler handler, bool hasPayloadLine = false) =>
        Unsolicited.Subscribe(prefix, handler, hasPayloadLine);

    /// <summary>
    /// Sends <paramref name="command"/> and returns the device's answer, whatever its final result
    /// (use <see cref="AtResponse.EnsureSuccess"/> to throw on errors). Commands queue in call order.
    /// </summary>
    /// <exception cref="AtTimeoutException">No final result within the command's timeout.</exception>
    /// <exception cref="AtLinkLostException">The link is not open, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AtResponse> ExecuteAsync(AtCommand command, CancellationToken cancellationToken = default)
    {
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync(command, payload: null, startsDataPhase: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandLock.Release();
        }
    }

    /// <summary>
    /// The "text, then Ctrl-Z" form (e.g. <c>AT+CMGS=…</c>): sends the command, waits for the
    /// <c>&gt; </c> prompt, sends <paramref name="payload"/> followed by Ctrl-Z, and returns the final
    /// result. A final result instead of the prompt is returned as it is; on timeout or cancellation
    /// after the prompt, ESC is sent so the device drops the text.
    /// </summary>
    public async Task<AtResponse> ExecuteWithPromptAsync(AtCommand command, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync(command, payload, startsDataPhase: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandLock.Release();
        }
    }

    /// <summary>Same as the byte form, with ASCII/Latin-1 text (e.g. a hex PDU).</summary>
    public Task<AtResponse> ExecuteWithPromptAsync(AtCommand command, string payloadText, CancellationToken cancellationToken = default)
    {
        byte[] payload = new byte[payloadText.Length];
        Latin1Text.Encode(payloadText, payload);
        return ExecuteWithPromptAsync(command, payload, cancellationToken);
    }

    /// <summary>
    /// Sends a command that answers CONNECT (e.g. fax <c>AT+FDT</c>) and, when it does, returns a data
    /// session with exclusive write access until the session completes or is disposed; no other
    /// command runs meanwhile. Any other final result throws <see cref="AtCommandFailedException"/>.
    /// </summary>
    public async Task<AtDataSession> StartDataPhaseAsync(AtCommand command, CancellationToken cancellationToken = default)
    {
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        bool handedOver = false;
        try
        {
            var phase = new PendingCommand(command.Text, command.ResponsePrefix, expectsPrompt: false, startsDataPhase: true);
            AtResponse response = await RunAsync(command, payload: null, phase, cancellationToken).ConfigureAwait(false);
            if (response.Result != AtResultCode.Connect || phase.DataPhase is null)
            {
                throw new AtCommandFailedException(response);
            }

            handedOver = true;
            return new AtDataSession(this, response, phase.DataPhase);
        }
        finally
        {
            if (!handedOver)
            {
                _commandLock.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, Disposed) == Disposed)
        {
            return;
        }

        _link.StateChanged -= OnLinkStateChanged;
        await _stop.CancelAsync().ConfigureAwait(false);
        bool readLoopEnded = await WaitForReadLoopToEndAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _pending, null)?.Fail(new ObjectDisposedException(nameof(AtCommandChannel)));
        if (readLoopEnded)
        {
            // Only when no read can still be filling them.
            _reader.Dispose();
            ArrayPool<byte>.Shared.Return(_readBuffer);
            ArrayPool<byte>.Shared.Return(_heldUnsolicited);
            _stop.Dispose();
        }

        if (_ownsMetrics)
        {
            _metrics.Dispose();
        }
    }

    /// <summary>A link whose read ignores cancellation must not hang disposal for ever.</summary>
    private async Task<bool> WaitForReadLoopToEndAsync()
    {
        if (_supervisor is null)
        {
            return true;
        }

        try
        {
            await _supervisor.WaitAsync(DisposeWait, _timeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            AtChannelLog.LinkLost(_logger, _link.Address, "read did not end on disposal; buffers left to the GC", null);
            return false;
        }
    }

    /// <summary>Writes to the link, turning its failures into <see cref="AtLinkLostException"/>. Callers hold the command lock.</summary>
    internal async ValueTask WriteRawAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await _link.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new AtLinkLostException($"writing to {_link.Address} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Waits for the final result that ends a data phase, with a timeout.</summary>
    internal async Task<AtResponse> AwaitDataPhaseResultAsync(PendingCommand phase, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await phase.Result.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _metrics.Timeouts.Add(1, _deviceTag);
            AtChannelLog.CommandTimedOut(_logger, _link.Address, "(end of data phase)", timeout.TotalMilliseconds);
            throw new AtTimeoutException("(end of data phase)", timeout, phase.LinesSnapshot());
        }
    }

    /// <summary>Ends a data phase: line mode again, and the next command may run.</summary>
    internal void EndDataPhase(PendingCommand phase)
    {
        Interlocked.CompareExchange(ref _pending, null, phase);
        Flow.Resume();
        _commandLock.Release();
    }

    internal void CountFlowControlTimeout(TimeSpan maxHold)
    {
        _metrics.FlowControlTimeouts.Add(1, _deviceTag);
        AtChannelLog.XoffHeldTooLong(_logger, _link.Address, maxHold.TotalMilliseconds);
    }

    private Task<AtResponse> RunAsync(AtCommand command, ReadOnlyMemory<byte>? payload, bool startsDataPhase, CancellationToken cancellationToken) =>
        RunAsync(command, payload, new PendingCommand(command.Text, command.ResponsePrefix, payload.HasValue, startsDataPhase), cancellationToken);

    private async Task<AtResponse> RunAsync(AtCommand command, ReadOnlyMemory<byte>? payload, PendingCommand pending, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(command.Text);
        Latin1Text.Validate(command.Text);
        int state = Volatile.Read(ref _state);
        ObjectDisposedException.ThrowIf(state == Disposed, this);
        if (state == NotStarted)
        {
            throw new InvalidOperationException("Start the AT channel before sending commands.");
        }

        // Publish the command before checking the link, so a loss racing with us either sees it or we see the loss.
        Interlocked.Exchange(ref _pending, pending);
        if (Volatile.Read(ref _state) != Running || _link.State != SerialLinkState.Open)
        {
            Interlocked.CompareExchange(ref _pending, null, pending);
            throw new AtLinkLostException($"link {_link.Address} is not open ({_link.State})");
        }

        TimeSpan timeout = command.Timeout ?? _options.DefaultCommandTimeout;
        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await WriteCommandLineAsync(command.Text, linked.Token).ConfigureAwait(false);
            if (payload is { } body)
            {
                await Task.WhenAny(pending.Prompt, pending.Result).WaitAsync(linked.Token).ConfigureAwait(false);
                if (!pending.Result.IsCompleted)
                {
                    pending.MarkPayloadSent(body);
                    await WritePayloadAsync(body, linked.Token).ConfigureAwait(false);
                    pending.PayloadWritten = true;
                }
            }

            return await pending.Result.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await AbandonAsync(pending).ConfigureAwait(false);
            _metrics.Timeouts.Add(1, _deviceTag);
            AtChannelLog.CommandTimedOut(_logger, _link.Address, command.Text, timeout.TotalMilliseconds);
            throw new AtTimeoutException(command.Text, timeout, pending.LinesSnapshot());
        }
        catch (OperationCanceledException)
        {
            await AbandonAsync(pending).ConfigureAwait(false);
            AtChannelLog.CommandCancelled(_logger, _link.Address, command.Text);
            throw;
        }
        catch (Exception)
        {
            // Link loss, disposal or a failed write: the command is over either way.
            await AbandonAsync(pending).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask WriteCommandLineAsync(string text, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(text.Length + 1);
        try
        {
            int length = Latin1Text.Encode(text, buffer);
            buffer[length++] = (byte)'\r';
            AtChannelLog.CommandSent(_logger, _link.Address, text);
            await WriteRawAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask WritePayloadAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        // One write for text and Ctrl-Z, so the device never sees a half-finished message.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(payload.Length + 1);
        try
        {
            payload.Span.CopyTo(buffer);
            buffer[payload.Length] = CtrlZ;
            await WriteRawAsync(buffer.AsMemory(0, payload.Length + 1), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Forgets a command given up by its caller; aborts a half-entered prompt text with ESC.</summary>
    private async ValueTask AbandonAsync(PendingCommand pending)
    {
        Interlocked.CompareExchange(ref _pending, null, pending);
        if (pending.DataPhase is { } phase)
        {
            Interlocked.CompareExchange(ref _pending, null, phase);
        }

        if (pending.PromptSeen && !pending.PayloadWritten && _link.State == SerialLinkState.Open)
        {
            try
            {
                await _link.WriteAsync(new[] { Escape }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                AtChannelLog.LinkLost(_logger, _link.Address, "could not send ESC to abort the prompt", ex);
            }
        }
    }

    private void OnLinkStateChanged(SerialLinkState state)
    {
        if (state != SerialLinkState.Open)
        {
            return;
        }

        // Accept commands at once: their bytes wait in the link until the read loop is back.
        bool restored = Interlocked.CompareExchange(ref _state, Running, Lost) == Lost;
        Volatile.Read(ref _linkOpened)?.TrySetResult();
        if (restored)
        {
            try
            {
                LinkRestored?.Invoke();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                AtChannelLog.HandlerFailed(_logger, _link.Address, nameof(LinkRestored), ex);
            }
        }
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await WaitForLinkOpenAsync(stop).ConfigureAwait(false);
                (string reason, Exception? failure, long bytesRead) = await ReadUntilLostAsync(stop).ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                OnLinkLost(reason, failure);
                if (bytesRead == 0 && _link.State == SerialLinkState.Open)
                {
                    // The link claims to be open yet gives nothing: do not spin on it.
                    await Task.Delay(_options.RestartDelay, _timeProvider, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private Task WaitForLinkOpenAsync(CancellationToken stop)
    {
        if (_link.State == SerialLinkState.Open)
        {
            return Task.CompletedTask;
        }

        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _linkOpened, opened);
        return _link.State == SerialLinkState.Open ? Task.CompletedTask : opened.Task.WaitAsync(stop);
    }

    private async Task<(string Reason, Exception? Failure, long BytesRead)> ReadUntilLostAsync(CancellationToken stop)
    {
        _reader.DiscardPending();
        _heldUnsolicitedLength = -1;
        Interlocked.CompareExchange(ref _state, Running, Lost);
        AtChannelLog.ReadLoopStarted(_logger, _link.Address);
        long bytesRead = 0;
        try
        {
            while (true)
            {
                int count = await _link.ReadAsync(_readBuffer, stop).ConfigureAwait(false);
                if (count <= 0)
                {
                    return ("the link closed", null, bytesRead);
                }

                bytesRead += count;
                Process(_readBuffer.AsSpan(0, count));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ("channel disposed", null, bytesRead);
        }
        catch (Exception ex)
        {
            return ($"read failed: {ex.Message}", ex, bytesRead);
        }
    }

    private void OnLinkLost(string reason, Exception? failure)
    {
        Interlocked.CompareExchange(ref _state, Lost, Running);
        _metrics.LinkLosses.Add(1, _deviceTag);
        AtChannelLog.LinkLost(_logger, _link.Address, reason, failure);
        var exception = new AtLinkLostException($"link {_link.Address} lost: {reason}", failure);
        Interlocked.Exchange(ref _pending, null)?.Fail(exception);
        Flow.Resume();
        try
        {
            LinkLost?.Invoke(exception);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            AtChannelLog.HandlerFailed(_logger, _link.Address, nameof(LinkLost), ex);
        }
    }

    /// <summary>Handles one chunk of received bytes. Synchronous and allocation-free unless a line is kept.</summary>
    private void Process(ReadOnlySpan<byte> received)
    {
        while (true)
        {
            switch (_reader.Read(ref received, out ReadOnlySpan<byte> line))
            {
                case AtLineEvent.Line:
                    OnLine(line);
                    break;
                case AtLineEvent.OverlongLine:
                    _metrics.GarbageLines.Add(1, _deviceTag);
                    AtChannelLog.OverlongLine(_logger, _link.Address, _options.MaxLineLength);
                    break;
                case AtLineEvent.Xoff:
                    Flow.Pause();
                    break;
                case AtLineEvent.Xon:
                    Flow.Resume();
                    break;
                default:
                    CheckForPrompt();
                    return;
            }
        }
    }

    /// <summary>The <c>&gt; </c> prompt has no line ending: recognise it as the unfinished line when input pauses.</summary>
    private void CheckForPrompt()
    {
        PendingCommand? pending = Volatile.Read(ref _pending);
        if (pending is { IsAwaitingPrompt: true } && _reader.Pending.Trim((byte)' ').SequenceEqual(">"u8))
        {
            _reader.DiscardPending();
            pending.OnPrompt();
        }
    }

    private void OnLine(ReadOnlySpan<byte> rawLine)
    {
        ReadOnlySpan<byte> line = rawLine.Trim((byte)' ');
        if (line.IsEmpty)
        {
            return;
        }

        PendingCommand? pending = Volatile.Read(ref _pending);
        if (pending is not null && pending.TryConsumeEcho(line))
        {
            return;
        }

        if (line.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            OnGarbage(line);
            return;
        }

        if (_heldUnsolicitedLength >= 0)
        {
            DeliverHeldUnsolicited(line);
            return;
        }

        if (pending is not null)
        {
            OnLineForPending(pending, line);
            return;
        }

        if (TryRouteUnsolicited(line))
        {
            return;
        }

        // A late answer or echo of a command its caller gave up on, or a URC nobody subscribed to.
        _metrics.UnhandledLines.Add(1, _deviceTag);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            AtChannelLog.UnhandledLine(_logger, _link.Address, System.Text.Encoding.Latin1.GetString(line));
        }
    }

    private void OnLineForPending(PendingCommand pending, ReadOnlySpan<byte> line)
    {
        if (pending.IsAwaitingPrompt && line.SequenceEqual(">"u8))
        {
            pending.OnPrompt();
            return;
        }

        if (AtFinalResultParser.TryParse(line, out AtResultCode code, out ReadOnlySpan<byte> detail))
        {
            Complete(pending, code, detail);
            return;
        }

        if (pending.ClaimsLine(line))
        {
            pending.AddLine(line);
            return;
        }

        if (!TryRouteUnsolicited(line))
        {
            pending.AddLine(line);
        }
    }

    private void Complete(PendingCommand pending, AtResultCode code, ReadOnlySpan<byte> detail)
    {
        if (code == AtResultCode.Connect && pending.StartsDataPhase)
        {
            // Switch to the data phase before the next received byte is looked at.
            var phase = new PendingCommand(string.Empty, responsePrefix: null, expectsPrompt: false, startsDataPhase: false);
            pending.DataPhase = phase;
            Flow.Resume();
            Interlocked.CompareExchange(ref _pending, phase, pending);
        }
        else
        {
            Interlocked.CompareExchange(ref _pending, null, pending);
        }

        AtResponse response = pending.Complete(code, detail);
        _metrics.Commands.Add(1, _deviceTag, new KeyValuePair<string, object?>("result", ResultTagValues[(int)code]));
        AtChannelLog.CommandCompleted(_logger, _link.Address, response.Command, code, response.Detail);
    }

    private bool TryRouteUnsolicited(ReadOnlySpan<byte> line)
    {
        if (!Unsolicited.Matches(line, out bool hasPayloadLine))
        {
            return false;
        }

        if (hasPayloadLine)
        {
            line.CopyTo(_heldUnsolicited);
            _heldUnsolicitedLength = line.Length;
            return true;
        }

        Unsolicited.Dispatch(line, default, hasPayloadLine: false);
        _metrics.UnsolicitedResults.Add(1, _deviceTag);
        return true;
    }

    private void DeliverHeldUnsolicited(ReadOnlySpan<byte> payloadLine)
    {
        ReadOnlySpan<byte> header = _heldUnsolicited.AsSpan(0, _heldUnsolicitedLength);
        _heldUnsolicitedLength = -1;
        Unsolicited.Dispatch(header, payloadLine, hasPayloadLine: true);
        _metrics.UnsolicitedResults.Add(1, _deviceTag);
    }

    private void OnGarbage(ReadOnlySpan<byte> line)
    {
        _metrics.GarbageLines.Add(1, _deviceTag);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            AtChannelLog.GarbageLine(_logger, _link.Address, line.Length, Convert.ToHexString(line[..Math.Min(line.Length, 64)]));
        }
    }
}
