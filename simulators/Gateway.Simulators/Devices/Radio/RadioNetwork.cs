using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Gateway.Simulators.At;
using Gateway.Simulators.Devices.Radio.Roip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Simulators.Devices.Radio;

/// <summary>
/// The virtual TETRA network behind the simulated terminals: field units that receive texts (logged as JSON
/// lines), answer with an SDS-REPORT "received" and later a status message, or never when configured silent;
/// texts between terminals are passed on. Terminals reach the network through the connection they are served on.
/// </summary>
public sealed class RadioNetwork : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, TerminalAir> _airs = new();
    private readonly ConcurrentDictionary<int, IAtDeviceContext> _terminals = new();
    private readonly ConcurrentQueue<ReceivedOrder> _received = new();
    private readonly OrdersLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopped = new();

    public RadioNetwork(RadioNetworkOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        Options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _log = new OrdersLog(options.OrdersLogPath);
        var pttLog = new PttLog(options.PttLogPath);
        for (var n = 0; n < options.Terminals; n++)
        {
            var issi = options.Issi + n;
            var roip = new RoipEndpoint(issi, options.RoipFor(n), pttLog, _time, _logger);
            _airs[issi] = new TerminalAir(issi, roip);
        }
    }

    /// <summary>The call, floor and RoIP endpoint of a terminal (created on first use for terminals beyond the configured count).</summary>
    public TerminalAir Air(int terminalIssi) => _airs.GetOrAdd(terminalIssi, issi => new TerminalAir(issi, null));

    /// <summary>
    /// A unit answers on the terminal's call: <c>+CTXG</c> "granted to another" with the unit's identity, the WAV's
    /// audio towards the gateway on the RoIP port, then <c>+CDTXC</c>. False when there is no call, the floor is taken,
    /// or the terminal has no RoIP endpoint. Ends early (without <c>+CDTXC</c>) when an emergency demand pre-empts it.
    /// </summary>
    public async Task<bool> PlayUnitReplyAsync(int terminalIssi, int unit, ReadOnlyMemory<short> samples, CancellationToken cancellationToken)
    {
        var air = Air(terminalIssi);
        if (air.Roip is not { } roip || air.BeginUnitTalk(unit) is not { } talk)
        {
            return false;
        }

        await SendLineToTerminalAsync(terminalIssi, string.Create(CultureInfo.InvariantCulture, $"+CTXG: {talk.CcInstance},3,0,0,1,{unit}")).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(talk.Talk, cancellationToken, _stopped.Token);
        try
        {
            await roip.PlayAsync(samples, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (talk.Talk.IsCancellationRequested)
        {
            _logger.LogInformation("Unit {Unit} pre-empted on terminal {Terminal}", unit, terminalIssi);
            return true;
        }

        if (air.EndUnitTalk(talk.Talk))
        {
            await SendLineToTerminalAsync(terminalIssi, string.Create(CultureInfo.InvariantCulture, $"+CDTXC: {talk.CcInstance},0")).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        foreach (var air in _airs.Values)
        {
            if (air.Roip is { } roip)
            {
                await roip.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task SendLineToTerminalAsync(int terminal, string line)
    {
        if (!_terminals.TryGetValue(terminal, out var connection))
        {
            return;
        }

        try
        {
            await connection.SendLineAsync(line).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogInformation("Terminal {Terminal} connection gone: '{Line}' lost ({Reason})", terminal, line, ex.Message);
        }
    }

    public RadioNetworkOptions Options { get; }

    /// <summary>Every order part a unit received, in arrival order.</summary>
    public IReadOnlyCollection<ReceivedOrder> ReceivedOrders => _received;

    /// <summary>Raised when a unit receives an order part (after it is logged).</summary>
    public event Action<ReceivedOrder>? OrderReceived;

    /// <summary>Raised when a unit's status message has been sent to its terminal.</summary>
    public event Action<int, ushort>? StatusSent;

    /// <summary>The terminal's current connection (a reconnect replaces the old one).</summary>
    public void Attach(int terminalIssi, IAtDeviceContext connection) => _terminals[terminalIssi] = connection;

    /// <summary>Writes raw bytes to a terminal's connection (noise on the line, for tests and demos).</summary>
    public async Task SendRawToTerminalAsync(int terminalIssi, ReadOnlyMemory<byte> data)
    {
        if (_terminals.TryGetValue(terminalIssi, out var connection))
        {
            await connection.SendRawAsync(data).ConfigureAwait(false);
        }
    }

    /// <summary>Stops every pending unit answer.</summary>
    public void Stop() => _stopped.Cancel();

    /// <summary>A terminal sent an SDS type 4 PDU to <paramref name="destination"/>.</summary>
    public void DeliverSds(int fromTerminal, int destination, string hex, int bits, UnitPdu pdu)
    {
        var units = destination == Options.Talkgroup
            ? Options.Units
            : Options.Units.Contains(destination) ? [destination] : [];
        if (units.Count == 0 && _terminals.ContainsKey(destination))
        {
            _ = SendSdsToTerminalAsync(destination, 12, fromTerminal, hex, bits);
            return;
        }

        if (pdu.Kind != UnitPduKind.Text)
        {
            _logger.LogInformation("Unit(s) {Units} got a {Kind} PDU from {Terminal}: {Hex} {Problem}", string.Join(',', units), pdu.Kind, fromTerminal, hex, pdu.Problem);
            return;
        }

        foreach (var unit in units)
        {
            var order = new ReceivedOrder(_time.GetUtcNow(), fromTerminal, unit, destination, pdu.MessageReference, pdu.Coding, pdu.ReportRequest, pdu.Part, pdu.Parts, pdu.Text);
            _log.Append(order);
            _received.Enqueue(order);
            _logger.LogInformation("Unit {Unit} received ref {Reference} part {Part}/{Parts}: {Text}", unit, pdu.MessageReference, pdu.Part, pdu.Parts, pdu.Text);
            OrderReceived?.Invoke(order);
            if (!Options.SilentUnits.Contains(unit))
            {
                _ = AnswerAsync(fromTerminal, unit, pdu, _stopped.Token);
            }
        }
    }

    /// <summary>A terminal sent a status message (AI service 13) to <paramref name="destination"/>.</summary>
    public void DeliverStatus(int fromTerminal, int destination, string hex)
    {
        _logger.LogInformation("Status {Value} from terminal {Terminal} to {Destination}", hex, fromTerminal, destination);
        if (_terminals.ContainsKey(destination))
        {
            _ = SendSdsToTerminalAsync(destination, 13, fromTerminal, hex, 16);
        }
    }

    private async Task AnswerAsync(int terminal, int unit, UnitPdu pdu, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Options.ReportDelay, _time, cancellationToken).ConfigureAwait(false);
            if ((pdu.ReportRequest & 0b01) != 0)
            {
                await SendReportAsync(terminal, unit, pdu, status: 0x00).ConfigureAwait(false);
            }

            if (pdu.Part != pdu.Parts || Options.StatusDelay is not { } statusDelay)
            {
                return;
            }

            await Task.Delay(statusDelay, _time, cancellationToken).ConfigureAwait(false);
            if ((pdu.ReportRequest & 0b10) != 0)
            {
                await SendReportAsync(terminal, unit, pdu, status: 0x02).ConfigureAwait(false);
            }

            var value = Options.StatusValue.ToString("X4", CultureInfo.InvariantCulture);
            await SendSdsToTerminalAsync(terminal, 13, unit, value, 16).ConfigureAwait(false);
            StatusSent?.Invoke(unit, Options.StatusValue);
        }
        catch (OperationCanceledException)
        {
            // Network stopped.
        }
    }

    /// <summary>SDS-REPORT: protocol id, type 1 (no ack required), delivery status, message reference.</summary>
    private Task SendReportAsync(int terminal, int unit, UnitPdu pdu, byte status)
    {
        var hex = string.Create(CultureInfo.InvariantCulture, $"{pdu.ProtocolId:X2}10{status:X2}{pdu.MessageReference:X2}");
        return SendSdsToTerminalAsync(terminal, 12, unit, hex, 32);
    }

    /// <summary><c>+CTSDSR: ai,from,0,to,0,bits</c> and the PDU line, written together so nothing comes between them.</summary>
    private async Task SendSdsToTerminalAsync(int terminal, int aiService, int from, string hex, int bits)
    {
        if (!_terminals.TryGetValue(terminal, out var connection))
        {
            _logger.LogInformation("Terminal {Terminal} not connected: SDS from {From} lost", terminal, from);
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"\r\n+CTSDSR: {aiService},{from},0,{terminal},0,{bits}\r\n{hex}\r\n");
        try
        {
            await connection.SendRawAsync(Encoding.ASCII.GetBytes(text)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogInformation("Terminal {Terminal} connection gone: SDS from {From} lost ({Reason})", terminal, from, ex.Message);
        }
    }
}
