using System.Globalization;
using Gateway.Simulators.At;

namespace Gateway.Simulators.Devices.Radio;

/// <summary>
/// One TETRA terminal's PEI (EN 300 392-5 subset the gateway uses): start-up commands, own identity, talkgroup
/// selection, SDS type 4 and status sends through <c>AT+CMGS</c> with the <c>&gt; </c> prompt, and calls with PTT
/// (<c>ATD</c>, <c>AT+CTXD</c> → <c>+CTXG</c>, <c>AT+CUTXC</c>, <c>ATH</c> → <c>+CTCR</c>). One instance per connection.
/// </summary>
public sealed class RadioTerminalModel(RadioNetwork network, int issi) : IAtDeviceModel
{
    private static readonly byte[] Prompt = "\r\n> "u8.ToArray();
    private int _aiService = 12;
    private int _talkgroup = network.Options.Talkgroup;
    private (int Destination, int Bits)? _pendingSend;
    private readonly TerminalAir _air = network.Air(issi);
    private int _nextCall;

    public ValueTask OnConnectedAsync(IAtDeviceContext context, CancellationToken cancellationToken)
    {
        network.Attach(issi, context);
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnCommandAsync(string command, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        var upper = command.ToUpperInvariant();
        var reply = upper switch
        {
            "AT" or "ATZ" or "AT+CTOM=0" or "AT+CTSDC" => Ok(),
            "ATI" => Ok("Gateway radio simulator (TETRA PEI)"),
            "AT+CTOM?" => Ok("+CTOM: 0"),
            "AT+CNUMF?" => Ok(Invariant($"+CNUMF: 6,{issi}")),
            "AT+CMGS=?" => Ok(Invariant($"+CMGS: (0-16777215),(0-{network.Options.MaxPduBits})")),
            "AT+CTGS?" => Ok(Invariant($"+CTGS: 1,{_talkgroup}")),
            "ATA" => Ok(),
            "ATH" => HangUp(),
            _ when upper.StartsWith("AT+CTSP=", StringComparison.Ordinal) => Ok(),
            _ when upper.StartsWith("AT+CTSDC=", StringComparison.Ordinal) => Ok(),
            _ when upper.StartsWith("AT+CTSDS=", StringComparison.Ordinal) => SelectService(upper[9..]),
            _ when upper.StartsWith("AT+CTGS=", StringComparison.Ordinal) => SelectTalkgroup(upper[8..]),
            _ when upper.StartsWith("AT+CTXD=", StringComparison.Ordinal) => TransmitDemand(upper[8..]),
            _ when upper.StartsWith("AT+CUTXC=", StringComparison.Ordinal) => TransmitCease(),
            _ when upper.StartsWith("ATD", StringComparison.Ordinal) => Dial(upper[3..]),
            _ when upper.StartsWith("AT+CMGS=", StringComparison.Ordinal) => null,
            _ => ["+CME ERROR: 4"],
        };

        if (reply is null)
        {
            await BeginSendAsync(upper[8..], context, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var line in reply)
        {
            await context.SendLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnTextAsync(string text, bool cancelled, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        var pending = _pendingSend;
        _pendingSend = null;
        if (cancelled || pending is not { } send)
        {
            await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var hex = text.Trim();
        int reference;
        if (_aiService == 13)
        {
            if (hex.Length != 4 || !hex.All(char.IsAsciiHexDigit))
            {
                await context.SendLineAsync("+CME ERROR: 35", cancellationToken).ConfigureAwait(false);
                return;
            }

            reference = 0;
            network.DeliverStatus(issi, send.Destination, hex);
        }
        else
        {
            var pdu = UnitPduReader.Read(hex, send.Bits);
            if (pdu.Kind == UnitPduKind.Invalid)
            {
                await context.SendLineAsync("+CME ERROR: 35", cancellationToken).ConfigureAwait(false);
                return;
            }

            reference = pdu.MessageReference;
            // +CMGS goes out before the units react, as on air the send completes before any report.
            await context.SendLineAsync(Invariant($"+CMGS: 0,4,{reference}"), cancellationToken).ConfigureAwait(false);
            await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
            network.DeliverSds(issi, send.Destination, hex, send.Bits, pdu);
            return;
        }

        await context.SendLineAsync(Invariant($"+CMGS: 0,4,{reference}"), cancellationToken).ConfigureAwait(false);
        await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask BeginSendAsync(string arguments, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        var fields = arguments.Split(',');
        if (fields.Length < 2
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var destination)
            || !int.TryParse(fields[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            || bits < 1 || bits > network.Options.MaxPduBits)
        {
            await context.SendLineAsync("+CME ERROR: 35", cancellationToken).ConfigureAwait(false);
            return;
        }

        _pendingSend = (destination, bits);
        await context.SendRawAsync(Prompt, cancellationToken).ConfigureAwait(false);
        context.BeginTextInput();
    }

    private string[] SelectService(string arguments)
    {
        var first = arguments.Split(',')[0];
        if (first is not ("12" or "13"))
        {
            return ["+CME ERROR: 4"];
        }

        _aiService = first == "12" ? 12 : 13;
        return Ok();
    }

    private string[] SelectTalkgroup(string arguments)
    {
        var fields = arguments.Split(',');
        if (fields.Length < 2 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var group))
        {
            return ["+CME ERROR: 35"];
        }

        _talkgroup = group;
        return Ok();
    }

    /// <summary>OK, then call progress and connected: the far end (a unit or the group) answers at once.</summary>
    private string[] Dial(string number)
    {
        if (number.Length == 0 || !number.All(char.IsAsciiDigit))
        {
            return ["+CME ERROR: 35"];
        }

        if (_air.ActiveCall is not null)
        {
            _air.CallEnded("new call");
        }

        var cc = ++_nextCall;
        _air.CallStarted(cc);
        return ["OK", Invariant($"+CTOCP: {cc},0,0"), Invariant($"+CTCC: {cc},1,1,0")];
    }

    /// <summary><c>AT+CTXD=cc,priority</c>: granted when the floor is free, or over a talking unit with emergency priority (3).</summary>
    private string[] TransmitDemand(string arguments)
    {
        var fields = arguments.Split(',');
        if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cc) || cc != _air.ActiveCall)
        {
            return ["+CME ERROR: 35"];
        }

        var priority = fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        return _air.DemandTransmit(cc, priority)
            ? ["OK", Invariant($"+CTXG: {cc},0,1,0,0,{issi}")]
            : ["OK", Invariant($"+CTXG: {cc},1,1,0,0,{issi}")];
    }

    private string[] TransmitCease()
    {
        _air.CeaseTransmit("AT+CUTXC");
        return Ok();
    }

    private string[] HangUp()
    {
        if (_air.ActiveCall is not { } cc)
        {
            return Ok();
        }

        _air.CallEnded("ATH");
        return ["OK", Invariant($"+CTCR: {cc},1")];
    }

    private static string[] Ok(params string[] lines) => [.. lines, "OK"];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
