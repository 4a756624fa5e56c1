using System.Globalization;
using Gateway.Core.Lifecycle;
using Gateway.Radio.Sds;
using Microsoft.Extensions.Logging;

namespace Gateway.Radio.Pei;

/// <summary>
/// Drives one TETRA terminal over its PEI through <see cref="IPeiCommandPort"/>: start-up, talkgroup
/// selection, text orders with delivery reports, status messages, calls and PTT. A radio is never
/// left transmitting: PTT is released on hang-up, on a failed or timed-out request, on TX timeout,
/// when the call is released and on <see cref="StopAsync"/>.
/// </summary>
public sealed class PeiTerminal : IDeviceStopHook, IAsyncDisposable
{
    private readonly IPeiCommandPort _port;
    private readonly PeiTerminalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PeiTerminal> _logger;
    private readonly OrderStatusMap? _statusMap;
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly SdsReportTracker _reports;
    private readonly SdsConcatenationAssembler _assembler;
    private readonly object _sync = new();
    private readonly Dictionary<int, CallControl> _calls = [];
    private CallControl? _dialing;
    private PeiSdsHeader? _awaitingPduFor;
    private int _maxSdsBits;
    private bool _stopped;

    public PeiTerminal(IPeiCommandPort port, PeiTerminalOptions options, TimeProvider time, ILogger<PeiTerminal> logger, OrderStatusMap? statusMap = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Terminal '{options.Name}': {string.Join(" ", errors)}", nameof(options));
        }

        _port = port;
        _options = options;
        _time = time;
        _logger = logger;
        _statusMap = statusMap;
        _maxSdsBits = options.MaxSdsBits;
        _reports = new SdsReportTracker(time, options);
        _reports.DeliveryReported += e => TextDeliveryReported?.Invoke(e);
        _assembler = new SdsConcatenationAssembler(time, options.ConcatenationExpiry);
        _port.UnsolicitedLine += OnUnsolicitedLine;
    }

    public string Name => _options.Name;

    /// <summary>The terminal's own identity from <c>AT+CNUMF?</c>.</summary>
    public string? OwnIdentity { get; private set; }

    /// <summary>SDS PDU limit in bits in use (from <c>AT+CMGS=?</c> or the options).</summary>
    public int MaxSdsBits => _maxSdsBits;

    public event Action<SdsDeliveryEvent>? TextDeliveryReported;

    public event Action<PeiTextEvent>? TextReceived;

    public event Action<PeiStatusEvent>? StatusReceived;

    public event Action<PeiCall, PeiCallTransition>? CallStateChanged;

    public event Action<PeiCall, PeiTxGrant>? TransmitGrantReceived;

    public event Action<PeiCall>? TransmitTimedOut;

    public IReadOnlyList<PeiCall> ActiveCalls
    {
        get
        {
            lock (_sync)
            {
                return [.. _calls.Values.Select(c => c.Call)];
            }
        }
    }

    /// <summary>Start-up: trunked mode, service routing to the PEI, own identity, SDS limit, talkgroup.</summary>
    /// <exception cref="PeiCommandException">A mandatory command failed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var command in PeiCommands.StartUp)
            {
                var response = await SendLockedAsync(command, cancellationToken).ConfigureAwait(false);
                switch (command)
                {
                    case PeiCommands.QueryOwnIdentity:
                        ReadOwnIdentity(response);
                        break;
                    case PeiCommands.QuerySdsLimits:
                        ReadSdsLimit(response);
                        break;
                    default:
                        EnsureOk(command, response);
                        break;
                }
            }

            if (_options.Talkgroup is { } talkgroup)
            {
                var command = PeiCommands.SelectTalkgroup(talkgroup);
                EnsureOk(command, await SendLockedAsync(command, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            _commandLock.Release();
        }

        _logger.LogInformation("Terminal {Name} started: identity {Identity}, SDS limit {Bits} bits", Name, OwnIdentity, _maxSdsBits);
    }

    public async Task SelectTalkgroupAsync(string gtsi, CancellationToken cancellationToken)
    {
        var command = PeiCommands.SelectTalkgroup(gtsi);
        EnsureOk(command, await SendAsync(command, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Sends a text (split into parts when longer than the terminal's limit) and completes with the
    /// first decisive delivery report, a failure, or a timeout. Later reports still raise
    /// <see cref="TextDeliveryReported"/>.
    /// </summary>
    public async Task<SdsSendResult> SendTextAsync(string destination, string text, CancellationToken cancellationToken)
    {
        if (!PeiFieldReader.IsIdentity(destination))
        {
            throw new ArgumentException($"'{destination}' is not a TETRA identity (digits only).", nameof(destination));
        }

        var parts = SdsTextSplitter.Split(text, _maxSdsBits, _reports.NextReference, _options.ReportRequest);
        var references = parts.Select(p => p.MessageReference).ToArray();
        var completion = _reports.Track(destination, references);

        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var accepted = (await SendLockedAsync(PeiCommands.SelectSdsType4, cancellationToken).ConfigureAwait(false)).IsOk;
            foreach (var part in parts)
            {
                if (!accepted)
                {
                    break;
                }

                var command = PeiCommands.SendSds(destination, part.Bits);
                var response = await _port.SendWithPayloadAsync(command, part.Hex, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
                accepted = response.IsOk;
                _logger.LogInformation("SDS to {Destination} ref {Reference} ({Bits} bits): {Result}", destination, part.MessageReference, part.Bits, response.Result);
            }

            if (!accepted)
            {
                _reports.MarkRejected(references);
            }
            else if (_options.ReportRequest == SdsDeliveryReportRequest.None)
            {
                _reports.MarkSentWithoutReport(references);
            }
        }
        catch
        {
            _reports.MarkRejected(references);
            throw;
        }
        finally
        {
            _commandLock.Release();
        }

        return await completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets up a call: <c>AT+CTSDC</c> then <c>ATD</c>. The call's CC instance comes with its first URC.</summary>
    public async Task<PeiCall> DialAsync(string identity, PeiCallKind kind, int callPriority, CancellationToken cancellationToken)
    {
        var setup = PeiCommands.CallSetup(kind, callPriority);
        var dial = PeiCommands.Dial(identity);
        var control = new CallControl(NewCall(PeiCallDirection.Outgoing, identity, kind == PeiCallKind.Group));
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureOk(setup, await SendLockedAsync(setup, cancellationToken).ConfigureAwait(false));
            control.Call.MarkDialing();
            lock (_sync)
            {
                _dialing = control;
            }

            var response = await SendLockedAsync(dial, cancellationToken).ConfigureAwait(false);
            HandleResponseLines(response);
            if (!response.IsOk)
            {
                control.Call.MarkReleased("dial failed", PeiDisconnectCause.NotDefined);
                throw new PeiCommandException(dial, response);
            }
        }
        finally
        {
            lock (_sync)
            {
                if (ReferenceEquals(_dialing, control) && control.Call.State == PeiCallState.Released)
                {
                    _dialing = null;
                }
            }

            _commandLock.Release();
        }

        return control.Call;
    }

    public async Task AnswerAsync(PeiCall call, CancellationToken cancellationToken)
    {
        var response = await SendAsync(PeiCommands.Answer, cancellationToken).ConfigureAwait(false);
        HandleResponseLines(response);
        EnsureOk(PeiCommands.Answer, response);
        if (call.State == PeiCallState.Alerting)
        {
            call.MarkAnswered();
        }
    }

    /// <summary>Releases PTT if held or requested, then hangs up with <c>ATH</c>.</summary>
    public async Task<bool> HangUpAsync(PeiCall call, CancellationToken cancellationToken)
    {
        await ReleaseTransmitAsync(call, cancellationToken).ConfigureAwait(false);
        var response = await SendAsync(PeiCommands.HangUp, cancellationToken).ConfigureAwait(false);
        if (response.IsOk)
        {
            Forget(call);
            call.MarkReleased("ATH");
        }
        else
        {
            _logger.LogWarning("ATH for call {CcInstance} failed: {Result}", call.CcInstance, response.Result);
        }

        return response.IsOk;
    }

    /// <summary>Asks for PTT (<c>AT+CTXD</c>) and waits for the grant. On time-out or error PTT is released.</summary>
    public async Task<PeiPttResult> RequestTransmitAsync(PeiCall call, PeiTxPriority priority, CancellationToken cancellationToken)
    {
        var control = Find(call) ?? throw new InvalidOperationException("The call has no CC instance yet or is released.");
        var grant = new TaskCompletionSource<PeiTxGrant>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            control.PendingGrant = grant;
        }

        var command = PeiCommands.TransmitDemand(control.Call.CcInstance!.Value, priority);
        try
        {
            var response = await SendAsync(command, cancellationToken).ConfigureAwait(false);
            HandleResponseLines(response);
            if (!response.IsOk)
            {
                ClearPendingGrant(control, grant);
                return PeiPttResult.CommandFailed;
            }

            var result = await grant.Task.WaitAsync(_options.GrantTimeout, _time, cancellationToken).ConfigureAwait(false);
            return result switch
            {
                PeiTxGrant.Granted => PeiPttResult.Granted,
                PeiTxGrant.GrantedToAnother => PeiPttResult.GrantedToAnother,
                _ => PeiPttResult.NotGranted,
            };
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("No grant for call {CcInstance} within {Timeout}; releasing PTT", call.CcInstance, _options.GrantTimeout);
            await ReleaseTransmitAsync(call, CancellationToken.None).ConfigureAwait(false);
            return PeiPttResult.TimedOut;
        }
        catch
        {
            await ReleaseTransmitAsync(call, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Releases PTT (<c>AT+CUTXC</c>) when held or requested; does nothing otherwise.</summary>
    public async Task ReleaseTransmitAsync(PeiCall call, CancellationToken cancellationToken)
    {
        var control = Find(call);
        if (control is null)
        {
            return;
        }

        bool mustRelease;
        lock (_sync)
        {
            mustRelease = control.Call.State == PeiCallState.Transmitting || control.PendingGrant is not null;
            control.PendingGrant?.TrySetResult(PeiTxGrant.NotGranted);
            control.PendingGrant = null;
            control.StopTxTimer();
        }

        if (!mustRelease)
        {
            return;
        }

        var command = PeiCommands.TransmitCease(control.Call.CcInstance!.Value);
        try
        {
            var response = await SendAsync(command, cancellationToken).ConfigureAwait(false);
            if (!response.IsOk)
            {
                _logger.LogWarning("{Command} failed: {Result}", command, response.Result);
            }
        }
        finally
        {
            control.Call.MarkTransmitEnded("AT+CUTXC");
        }
    }

    /// <summary>Releases every PTT, hangs up active calls, aborts texts awaiting reports.</summary>
    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var call in ActiveCalls)
        {
            try
            {
                await ReleaseTransmitAsync(call, cancellationToken).ConfigureAwait(false);
                if (call.IsActive)
                {
                    await HangUpAsync(call, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Stopping call {CcInstance} on {Name} failed", call.CcInstance, Name);
            }
        }

        _reports.AbortAll();
        _logger.LogInformation("Terminal {Name} stopped", Name);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _port.UnsolicitedLine -= OnUnsolicitedLine;
        _reports.Dispose();
        lock (_sync)
        {
            foreach (var control in _calls.Values)
            {
                control.StopTxTimer();
            }
        }

        _commandLock.Dispose();
    }

    private void OnUnsolicitedLine(string line)
    {
        try
        {
            HandleLine(line);
        }
        catch (Exception ex)
        {
            // A handler's failure must never break the AT channel's reader.
            _logger.LogError(ex, "Handling PEI line '{Line}' failed", line);
        }
    }

    private void HandleLine(string line)
    {
        var header = Interlocked.Exchange(ref _awaitingPduFor, null);
        if (header is not null && !line.AsSpan().TrimStart().StartsWith("+"))
        {
            HandleSds(header, line);
            return;
        }

        if (header is not null)
        {
            _logger.LogWarning("PDU line missing after +CTSDSR from {Source}; got '{Line}'", header.CallingIdentity, line);
        }

        HandleUrc(PeiUrcParser.Parse(line), line);
    }

    private void HandleResponseLines(PeiResponse response)
    {
        foreach (var line in response.Lines)
        {
            var urc = PeiUrcParser.Parse(line);
            if (urc is not (PeiNotUrc or PeiMalformedUrc))
            {
                HandleUrc(urc, line);
            }
        }
    }

    private void HandleUrc(PeiUrc urc, string line)
    {
        switch (urc)
        {
            case PeiSdsHeader header:
                _awaitingPduFor = header;
                break;
            case PeiIncomingCall incoming:
                OnIncomingCall(incoming);
                break;
            case PeiCallProgress or PeiCallConnected or PeiTransmitGrant or PeiDownTransmissionCeased
                or PeiCallReleased or PeiTransmitInterrupt or PeiTransmitWait:
                OnCallUrc(urc);
                break;
            case PeiOwnIdentity identity:
                OwnIdentity = identity.Number;
                break;
            case PeiSdsSendResult sent:
                _logger.LogDebug("+CMGS instance {Instance} status {Status} ref {Reference}", sent.SdsInstance, sent.Status, sent.MessageReference);
                break;
            case PeiMalformedUrc malformed:
                _logger.LogWarning("Malformed {Code} skipped ({Reason}): '{Line}'", malformed.Code, malformed.Reason, line);
                break;
            default:
                _logger.LogDebug("PEI line ignored: '{Line}'", line);
                break;
        }
    }

    private void OnIncomingCall(PeiIncomingCall incoming)
    {
        var control = new CallControl(NewCall(PeiCallDirection.Incoming, incoming.CallingIdentity, incoming.IsGroupCall));
        control.Call.CcInstance = incoming.CcInstance;
        lock (_sync)
        {
            _calls[incoming.CcInstance] = control;
        }

        control.Call.MarkOffered();
    }

    private void OnCallUrc(PeiUrc urc)
    {
        var cc = urc switch
        {
            PeiCallProgress u => u.CcInstance,
            PeiCallConnected u => u.CcInstance,
            PeiTransmitGrant u => u.CcInstance,
            PeiDownTransmissionCeased u => u.CcInstance,
            PeiCallReleased u => u.CcInstance,
            PeiTransmitInterrupt u => u.CcInstance,
            PeiTransmitWait u => u.CcInstance,
            _ => -1,
        };

        CallControl? control;
        lock (_sync)
        {
            if (!_calls.TryGetValue(cc, out control) && _dialing is { } dialing)
            {
                // The first URC after ATD names the new call's CC instance.
                control = dialing;
                control.Call.CcInstance = cc;
                _calls[cc] = control;
                _dialing = null;
            }
        }

        if (control is null)
        {
            _logger.LogDebug("URC for unknown call {CcInstance}: {Urc}", cc, urc);
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
            control.StopTxTimer();
        }

        if (urc is PeiCallReleased)
        {
            Forget(control.Call);
        }
    }

    private void OnGrant(CallControl control, PeiTxGrant grant)
    {
        TaskCompletionSource<PeiTxGrant>? pending;
        lock (_sync)
        {
            pending = control.PendingGrant;
            if (grant != PeiTxGrant.Queued)
            {
                control.PendingGrant = null;
            }
        }

        if (grant != PeiTxGrant.Queued)
        {
            pending?.TrySetResult(grant);
        }

        TransmitGrantReceived?.Invoke(control.Call, grant);
    }

    private void StartTxTimer(CallControl control)
    {
        lock (_sync)
        {
            control.StopTxTimer();
            control.TxTimer = _time.CreateTimer(_ => _ = OnTxTimeoutAsync(control), null, _options.TxTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnTxTimeoutAsync(CallControl control)
    {
        _logger.LogWarning("TX timeout ({Timeout}) on call {CcInstance}: releasing PTT", _options.TxTimeout, control.Call.CcInstance);
        try
        {
            await ReleaseTransmitAsync(control.Call, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Releasing PTT after TX timeout failed on call {CcInstance}", control.Call.CcInstance);
        }

        TransmitTimedOut?.Invoke(control.Call);
    }

    private void HandleSds(PeiSdsHeader header, string pduLine)
    {
        if (header.AiService == 13)
        {
            if (SdsStatusDecoder.TryDecodeHex(pduLine, out var value))
            {
                OrderStatusState? state = _statusMap is not null && _statusMap.TryGetState(value, out var mapped) ? mapped : null;
                StatusReceived?.Invoke(new PeiStatusEvent(header.CallingIdentity, header.CalledIdentity, value, state));
            }
            else
            {
                _logger.LogWarning("Status PDU '{Pdu}' from {Source} is not 16 bits of hex", pduLine, header.CallingIdentity);
            }

            return;
        }

        var pdu = SdsPduDecoder.DecodeHex(pduLine, header.LengthBits);
        switch (pdu)
        {
            case SdsReport report:
                if (!_reports.ApplyReport(report.MessageReference, report.Outcome, report.DeliveryStatus))
                {
                    _logger.LogDebug("SDS-REPORT for unknown reference {Reference} from {Source}", report.MessageReference, header.CallingIdentity);
                }

                break;
            case SdsShortReport report:
                _reports.ApplyReport(report.MessageReference, report.Outcome, null);
                break;
            case SdsTextTransfer transfer:
                OnText(header, transfer);
                break;
            case SdsMalformed malformed:
                _logger.LogWarning("Malformed SDS from {Source} skipped: {Reason}", header.CallingIdentity, malformed.Reason);
                break;
            default:
                _logger.LogDebug("SDS from {Source} not handled: {Pdu}", header.CallingIdentity, pdu);
                break;
        }
    }

    private void OnText(PeiSdsHeader header, SdsTextTransfer transfer)
    {
        if (transfer.ReportRequest is SdsDeliveryReportRequest.Received or SdsDeliveryReportRequest.ReceivedAndConsumed
            && header.CallingIdentity is { } sender)
        {
            // The sender asked for a receipt; send it off the reader thread so the AT channel keeps reading.
            _ = Task.Run(() => SendReceiptAsync(sender, transfer));
        }

        var text = transfer.Concatenation is { } part
            ? _assembler.Add(header.CallingIdentity ?? string.Empty, part, transfer.Text)
            : transfer.Text;
        if (text is not null)
        {
            TextReceived?.Invoke(new PeiTextEvent(header.CallingIdentity, header.CalledIdentity, text));
        }
    }

    /// <summary>SDS-REPORT "receipt acknowledged by destination": <c>PI 10 00 ref</c>, 32 bits.</summary>
    private async Task SendReceiptAsync(string sender, SdsTextTransfer transfer)
    {
        var hex = string.Create(CultureInfo.InvariantCulture, $"{transfer.ProtocolId:X2}10{(byte)SdsDeliveryStatus.ReceiptAcknowledgedByDestination:X2}{transfer.MessageReference:X2}");
        try
        {
            await _commandLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if ((await SendLockedAsync(PeiCommands.SelectSdsType4, CancellationToken.None).ConfigureAwait(false)).IsOk)
                {
                    var command = PeiCommands.SendSds(sender, 32);
                    await _port.SendWithPayloadAsync(command, hex, _options.CommandTimeout, CancellationToken.None).ConfigureAwait(false);
                }
            }
            finally
            {
                _commandLock.Release();
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Receipt for SDS ref {Reference} to {Sender} not sent", transfer.MessageReference, sender);
        }
    }

    private PeiCall NewCall(PeiCallDirection direction, string? peer, bool isGroup)
    {
        var call = new PeiCall(direction, peer, isGroup, _time, _logger);
        call.StateChanged += (c, t) => CallStateChanged?.Invoke(c, t);
        return call;
    }

    private CallControl? Find(PeiCall call)
    {
        lock (_sync)
        {
            return call.CcInstance is { } cc && _calls.TryGetValue(cc, out var control) && ReferenceEquals(control.Call, call) ? control : null;
        }
    }

    private void Forget(PeiCall call)
    {
        lock (_sync)
        {
            if (call.CcInstance is { } cc && _calls.TryGetValue(cc, out var control) && ReferenceEquals(control.Call, call))
            {
                control.StopTxTimer();
                control.PendingGrant?.TrySetResult(PeiTxGrant.NotGranted);
                _calls.Remove(cc);
            }
        }
    }

    private void ClearPendingGrant(CallControl control, TaskCompletionSource<PeiTxGrant> grant)
    {
        lock (_sync)
        {
            if (ReferenceEquals(control.PendingGrant, grant))
            {
                control.PendingGrant = null;
            }
        }
    }

    private async Task<PeiResponse> SendAsync(string command, CancellationToken cancellationToken)
    {
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendLockedAsync(command, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandLock.Release();
        }
    }

    private Task<PeiResponse> SendLockedAsync(string command, CancellationToken cancellationToken) =>
        _port.SendAsync(command, _options.CommandTimeout, cancellationToken);

    private void ReadOwnIdentity(PeiResponse response)
    {
        foreach (var line in response.Lines)
        {
            if (PeiUrcParser.Parse(line) is PeiOwnIdentity identity)
            {
                OwnIdentity = identity.Number;
            }
        }
    }

    /// <summary>Takes the last number of the <c>+CMGS:</c> test answer (e.g. <c>+CMGS: (0-2047)</c>) as the limit.</summary>
    private void ReadSdsLimit(PeiResponse response)
    {
        foreach (var line in response.Lines)
        {
            var span = line.AsSpan();
            if (!span.StartsWith("+CMGS:"))
            {
                continue;
            }

            var end = span.Length;
            while (end > 0 && !char.IsAsciiDigit(span[end - 1]))
            {
                end--;
            }

            var start = end;
            while (start > 0 && char.IsAsciiDigit(span[start - 1]))
            {
                start--;
            }

            if (int.TryParse(span[start..end], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
                && bits is >= 128 and <= SdsProtocol.MaxType4Bits)
            {
                _maxSdsBits = Math.Min(bits, _options.MaxSdsBits);
            }
        }
    }

    private static void EnsureOk(string command, PeiResponse response)
    {
        if (!response.IsOk)
        {
            throw new PeiCommandException(command, response);
        }
    }

    private sealed class CallControl(PeiCall call)
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
}
