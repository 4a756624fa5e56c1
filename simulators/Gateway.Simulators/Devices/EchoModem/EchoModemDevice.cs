using System.Globalization;
using Gateway.Simulators.At;
using Gateway.Simulators.Transport;

namespace Gateway.Simulators.Devices.EchoModem;

/// <summary>
/// A small modem to test the link plumbing: OK to anything starting with AT, plus
/// <c>AT+ECHO=t</c> → <c>+ECHO: t</c>; <c>AT+URC=t</c> → OK then <c>+URC: t</c>; <c>AT+SLOW=ms</c>;
/// <c>AT+CMGS=…</c> → <c>&gt; </c> prompt, text to Ctrl-Z → <c>+CMGS: n</c>; <c>AT+LINES?</c> → RTS/DTR seen;
/// <c>AT+SETLINES=cts,dsr,dcd,ri</c> sets the input lines; <c>AT+RAW</c> → CONNECT and echoes raw bytes until <c>+++</c>.
/// </summary>
public sealed class EchoModemDevice : IAtDeviceModel
{
    public static DeviceRegistration Registration { get; } = new(
        "echo-modem",
        "answers AT commands with OK; AT+ECHO, AT+URC, AT+SLOW, AT+CMGS prompt, AT+LINES?, AT+SETLINES, AT+RAW",
        _ => new EchoModemDevice());

    private static readonly byte[] Prompt = "\r\n> "u8.ToArray();
    private int _messageReference;
    private int _plusCount;

    public async ValueTask OnCommandAsync(string command, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        var upper = command.ToUpperInvariant();
        if (upper.StartsWith("AT+ECHO=", StringComparison.Ordinal))
        {
            await context.SendLineAsync("+ECHO: " + command[8..], cancellationToken).ConfigureAwait(false);
            await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (upper.StartsWith("AT+URC=", StringComparison.Ordinal))
        {
            await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
            await context.SendLineAsync("+URC: " + command[7..], cancellationToken).ConfigureAwait(false);
        }
        else if (upper.StartsWith("AT+SLOW=", StringComparison.Ordinal))
        {
            await SlowAsync(command[8..], context, cancellationToken).ConfigureAwait(false);
        }
        else if (upper.StartsWith("AT+CMGS=", StringComparison.Ordinal))
        {
            await context.SendRawAsync(Prompt, cancellationToken).ConfigureAwait(false);
            context.BeginTextInput();
        }
        else if (upper == "AT+LINES?")
        {
            var lines = context.Lines;
            await context.SendLineAsync($"+LINES: RTS={Bit(lines.Rts)},DTR={Bit(lines.Dtr)}", cancellationToken).ConfigureAwait(false);
            await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (upper.StartsWith("AT+SETLINES=", StringComparison.Ordinal))
        {
            await SetLinesAsync(command[12..], context, cancellationToken).ConfigureAwait(false);
        }
        else if (upper == "AT+RAW")
        {
            _plusCount = 0;
            await context.SendLineAsync("CONNECT", cancellationToken).ConfigureAwait(false);
            context.EnterRawMode();
        }
        else if (upper == "ATI")
        {
            await context.SendLineAsync("Gateway echo-modem simulator", cancellationToken).ConfigureAwait(false);
            await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnTextAsync(string text, bool cancelled, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        if (cancelled)
        {
            await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var reference = Interlocked.Increment(ref _messageReference);
        await context.SendLineAsync("+CMGS: " + reference.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnRawDataAsync(ReadOnlyMemory<byte> data, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        // Echo everything; three '+' in a row (even across chunks) end the data phase.
        var span = data.Span;
        for (var i = 0; i < span.Length; i++)
        {
            _plusCount = span[i] == (byte)'+' ? _plusCount + 1 : 0;
            if (_plusCount == 3)
            {
                await context.SendRawAsync(data[..(i + 1)], cancellationToken).ConfigureAwait(false);
                context.ExitRawMode();
                await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await context.SendRawAsync(data, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask SlowAsync(string argument, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) || milliseconds > 600_000)
        {
            await context.SendErrorAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), context.Time, cancellationToken).ConfigureAwait(false);
        await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask SetLinesAsync(string argument, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        var parts = argument.Split(',');
        if (parts.Length != 4 || parts.Any(part => part.Trim() is not ("0" or "1")))
        {
            await context.SendErrorAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        bool On(int index) => parts[index].Trim() == "1";
        context.Lines.SetInputs(new SimulatedInputs(Cts: On(0), Dsr: On(1), Dcd: On(2), Ri: On(3)));
        await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
    }

    private static char Bit(bool on) => on ? '1' : '0';
}
