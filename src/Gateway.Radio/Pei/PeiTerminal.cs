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
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly SdsReportTracker _reports;
    private readonly PeiIncomingSds _incomingSds;
    private readonly PeiCallTable _calls;
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
        _maxSdsBits = options.MaxSdsBits;
        _reports = new SdsReportTracker(time, options);
        _reports.DeliveryReported += e => TextDeliveryReported?.Invoke(e);
        _incomingSds = new PeiIncomingSds(_reports, new SdsConcatenationAssembler(time, options.ConcatenationExpiry), statusMap, logger);
        _incomingSds.TextReceived += e => TextReceived?.Invoke(e);
        _incomingSds.StatusReceived += e => StatusReceived?.Invoke(e);
        _incomingSds.ReceiptRequested += (sender, transfer) => _ = Task.Run(() => SendReceiptAsync(sender, transfer));
        _calls = new PeiCallTable(time, options.TxTimeout, logger);
        _calls.CallStateChanged += (call, transition) => CallStateChanged?.Invoke(call, transition);
        _calls.TransmitGrantReceived += (call, grant) => TransmitGrantReceived?.Invoke(call, grant);
        _calls.TxTimeoutElapsed += call => _ = OnTxTimeoutAsync(call);
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

    public IReadOnlyList<PeiCall> ActiveCalls => _calls.Calls;

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

        try
        {
            await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _reports.MarkRejected(references);
            throw;
        }

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
        var control = _calls.CreateOutgoing(identity, kind == PeiCallKind.Group);
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureOk(setup, await SendLockedAsync(setup, cancellationToken).ConfigureAwait(false));
            control.Call.MarkDialing();
            _calls.BeginDialing(control);

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
            if (control.Call.State == PeiCallState.Released)
            {
                _calls.EndDialing(control);
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
            _calls.Forget(call);
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
        var control = _calls.Find(call) ?? throw new InvalidOperationException("The call has no CC instance yet or is released.");
        var grant = new TaskCompletionSource<PeiTxGrant>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls.SetPendingGrant(control, grant);

        var command = PeiCommands.TransmitDemand(control.Call.CcInstance!.Value, priority);
        try
        {
            var response = await SendAsync(command, cancellationToken).ConfigureAwait(false);
            HandleResponseLines(response);
            if (!response.IsOk)
            {
                _calls.ClearPendingGrant(control, grant);
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
        var control = _calls.Find(call);
        if (control is null || !_calls.BeginRelease(control))
        {
            return;
        }

        // Off air before the command goes out, so audio stops feeding the transmitter while it is being released.
        control.Call.MarkTransmitEnded("AT+CUTXC");
        var command = PeiCommands.TransmitCease(control.Call.CcInstance!.Value);
        var response = await SendAsync(command, cancellationToken).ConfigureAwait(false);
        if (!response.IsOk)
        {
            _logger.LogWarning("{Command} failed: {Result}", command, response.Result);
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
        _calls.Dispose();

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
            _incomingSds.Handle(header, line);
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
                _calls.AddIncoming(incoming);
                break;
            case PeiCallProgress u:
                _calls.Apply(u, u.CcInstance);
                break;
            case PeiCallConnected u:
                _calls.Apply(u, u.CcInstance);
                break;
            case PeiTransmitGrant u:
                _calls.Apply(u, u.CcInstance);
                break;
            case PeiDownTransmissionCeased u:
                _calls.Apply(u, u.CcInstance);
                break;
            case PeiCallReleased u:
                _calls.Apply(u, u.CcInstance);
                break;
            case PeiTransmitInterrupt u:
                _calls.Apply(u, u.CcInstance);
                break;
            case PeiTransmitWait u:
                _calls.Apply(u, u.CcInstance);
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

    private async Task OnTxTimeoutAsync(PeiCall call)
    {
        _logger.LogWarning("TX timeout ({Timeout}) on call {CcInstance}: releasing PTT", _options.TxTimeout, call.CcInstance);
        try
        {
            await ReleaseTransmitAsync(call, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Releasing PTT after TX timeout failed on call {CcInstance}", call.CcInstance);
        }

        TransmitTimedOut?.Invoke(call);
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
}
