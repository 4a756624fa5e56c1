using System.Globalization;
using System.Text;
using Gateway.Simulators.At;
using Gateway.Simulators.Devices.Fax.Decoding;
using Gateway.Simulators.Devices.Fax.Output;

namespace Gateway.Simulators.Devices.Fax;

/// <summary>
/// A virtual ITU-T T.32 Class 2.0 fax modem that takes the call itself: answers the set-up commands and
/// ATD (+FCO, +FCI, +FIS), AT+FDT (+FCS, CONNECT), removes the DLE stuffing, keeps each page as
/// received (<c>page-N.g3</c>), decodes it with its own decoder to <c>page-N.pbm</c> / <c>page-N.png</c>,
/// and answers <c>+FPS</c>, OK and, after the last page, <c>+FHS:00</c>. Faults per <see cref="FaxFault"/>.
/// </summary>
public sealed class FaxModemDevice(FaxReceiveLog log) : IAtDeviceModel
{
    private const byte Dle = 0x10;
    private const byte Xoff = 0x13;
    private const byte Cancel = 0x18;
    private const int FaxWidth = 1728;

    /// <summary>Page bytes after which the NO CARRIER fault drops the line.</summary>
    private const int NoCarrierAfterBytes = 3000;

    private readonly MemoryStream _page = new();
    private readonly StringBuilder _stray = new();
    private string _stationId = string.Empty;
    private int _resolution = 1;
    private int _bitRate = 5;
    private int _dataFormat;
    private FaxReceivedCall? _call;
    private string _hangup = "00";
    private int _lastPostPage = 1;
    private bool _pendingDle;
    private bool _ignoringData;

    public static DeviceRegistration Registration { get; } = new(
        "fax",
        "Class 2.0 fax modem: receives pages to --out DIR (call-NNN/page-N.g3, .pbm, .png)",
        CreateFromOptions,
        [
            new DeviceOptionHelp("out", "DIR", "folder for received pages (default ./fax-out)"),
            new DeviceOptionHelp("fax-fault", "FAULT", "busy | no-answer | no-carrier | rtn | xoff (default none)"),
            new DeviceOptionHelp("fax-fault-calls", "N", "only the first N calls get the fault (default all)"),
        ]);

    private static readonly Lock CliLogLock = new();
    private static FaxReceiveLog? _cliLog;

    public static DeviceRegistration RegistrationFor(FaxReceiveLog log) =>
        Registration with { CreateModel = _ => new FaxModemDevice(log) };

    public async ValueTask OnCommandAsync(string command, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        string upper = command.Trim().ToUpperInvariant();
        switch (upper)
        {
            case "AT+FCLASS?":
                await ReplyAsync(context, cancellationToken, "2.0").ConfigureAwait(false);
                break;
            case "AT+FDT":
                await StartPageAsync(context, cancellationToken).ConfigureAwait(false);
                break;
            case "AT+FHS?":
                await ReplyAsync(context, cancellationToken, "+FHS:" + _hangup).ConfigureAwait(false);
                break;
            case "AT+FPS?":
                await ReplyAsync(context, cancellationToken, "+FPS:" + _lastPostPage.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                break;
            case "AT+FKS" or "ATH" or "ATH0":
                EndCall("02");
                await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
                break;
            default:
                if (upper.StartsWith("ATD", StringComparison.Ordinal))
                {
                    await DialAsync(command.Trim()[3..], context, cancellationToken).ConfigureAwait(false);
                }
                else if (upper.StartsWith("AT+FCC=", StringComparison.Ordinal))
                {
                    await ConfigureAsync(upper[7..], context, cancellationToken).ConfigureAwait(false);
                }
                else if (upper.StartsWith("AT+FLI=", StringComparison.Ordinal))
                {
                    _stationId = command.Trim()[7..].Trim('"');
                    await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (upper.StartsWith("AT", StringComparison.Ordinal))
                {
                    await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await context.SendErrorAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    public async ValueTask OnRawDataAsync(ReadOnlyMemory<byte> data, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        if (_ignoringData)
        {
            await WatchForCommandAsync(data, context, cancellationToken).ConfigureAwait(false);
            return;
        }

        for (int i = 0; i < data.Length; i++)
        {
            byte value = data.Span[i];
            if (_pendingDle)
            {
                _pendingDle = false;
                if (value == Dle)
                {
                    _page.WriteByte(Dle);
                }
                else if (value is (byte)',' or (byte)'.')
                {
                    context.ExitRawMode();
                    await EndPageAsync(last: value == '.', context, cancellationToken).ConfigureAwait(false);
                    return;
                }
                else if (value == Cancel)
                {
                    context.ExitRawMode();
                    EndCall("02");
                    await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }

                continue;
            }

            if (value == Dle)
            {
                _pendingDle = true;
                continue;
            }

            _page.WriteByte(value);
            if (_call?.Fault == FaxFault.NoCarrier && _page.Length >= NoCarrierAfterBytes)
            {
                // The line drops: the rest of what the host already sent is noise until it sends AT again.
                _ignoringData = true;
                EndCall("40");
                await context.SendLineAsync("NO CARRIER", cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    private static FaxModemDevice CreateFromOptions(DeviceOptions options)
    {
        string output = Path.GetFullPath(options.Get("out", "fax-out"));
        Directory.CreateDirectory(output);
        FaxFault fault = ParseFault(options.Get("fax-fault", "none"));
        int faultedCalls = int.Parse(options.Get("fax-fault-calls", int.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        // Every connection of the CLI-started modem shares one log (call numbering, fault plan).
        lock (CliLogLock)
        {
            _cliLog ??= new FaxReceiveLog(output, fault, faultedCalls);
            return new FaxModemDevice(_cliLog);
        }
    }

    internal static FaxFault ParseFault(string text) => text.ToLowerInvariant() switch
    {
        "none" => FaxFault.None,
        "busy" => FaxFault.Busy,
        "no-answer" => FaxFault.NoAnswer,
        "no-carrier" => FaxFault.NoCarrier,
        "rtn" => FaxFault.RetrainNegative,
        "xoff" => FaxFault.XoffHeld,
        _ => throw new ArgumentException($"--fax-fault: unknown fault '{text}' (busy, no-answer, no-carrier, rtn, xoff)"),
    };

    private async ValueTask DialAsync(string number, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        FaxReceivedCall call = log.BeginCall(number);
        call.StationId = _stationId;
        switch (call.Fault)
        {
            case FaxFault.Busy:
                await context.SendLineAsync("BUSY", cancellationToken).ConfigureAwait(false);
                return;
            case FaxFault.NoAnswer:
                await context.SendLineAsync("NO ANSWER", cancellationToken).ConfigureAwait(false);
                return;
        }

        _call = call;
        _hangup = "00";
        await context.SendLineAsync("+FCO", cancellationToken).ConfigureAwait(false);
        await context.SendLineAsync("+FCI:\"86 0580 110\"", cancellationToken).ConfigureAwait(false);
        await context.SendLineAsync("+FIS:1,5,0,2,1,0,0,0", cancellationToken).ConfigureAwait(false);
        await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ConfigureAsync(string arguments, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        string[] fields = arguments.Split(',');
        if (fields.Length < 5
            || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out _resolution)
            || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out _bitRate)
            || !int.TryParse(fields[4], CultureInfo.InvariantCulture, out _dataFormat))
        {
            await context.SendErrorAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // This receiver does MH and MR only.
        _dataFormat = Math.Min(_dataFormat, 1);
        await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask StartPageAsync(IAtDeviceContext context, CancellationToken cancellationToken)
    {
        if (_call is null)
        {
            await context.SendErrorAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        _page.SetLength(0);
        _pendingDle = false;
        await context.SendLineAsync(
            string.Create(CultureInfo.InvariantCulture, $"+FCS:{_resolution},{_bitRate},0,2,{_dataFormat},0,0,0"), cancellationToken).ConfigureAwait(false);
        await context.SendLineAsync("CONNECT", cancellationToken).ConfigureAwait(false);
        context.EnterRawMode();
        if (_call.Fault == FaxFault.XoffHeld)
        {
            // Held until the host gives up: its AT+FKS then arrives among the data.
            _ignoringData = true;
            await context.SendRawAsync(new[] { Xoff }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask EndPageAsync(bool last, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        FaxReceivedCall call = _call!;
        int number = call.Pages.Count + 1;
        FaxReceivedPage page = StorePage(call, number, _page.ToArray());
        call.Add(page);
        _lastPostPage = call.Fault == FaxFault.RetrainNegative && number == 1 ? 2 : 1;
        await context.SendLineAsync(
            string.Create(CultureInfo.InvariantCulture, $"+FPS:{_lastPostPage},{page.Rows},0,0,{page.BadRows}"), cancellationToken).ConfigureAwait(false);
        await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
        if (last && _lastPostPage == 1)
        {
            EndCall("00");
            log.MarkDelivered(call);
            await context.SendLineAsync("+FHS:00", cancellationToken).ConfigureAwait(false);
        }
    }

    private FaxReceivedPage StorePage(FaxReceivedCall call, int number, byte[] data)
    {
        string stem = Path.Combine(call.Folder, "page-" + number.ToString(CultureInfo.InvariantCulture));
        File.WriteAllBytes(stem + ".g3", data);
        bool twoDimensional = _dataFormat == 1;
        ReceivedPage decoded = new FarEndT4Decoder(FaxWidth, twoDimensional).Decode(data);
        PortableBitmapFile.Write(decoded, stem + ".pbm");
        BitonalPngFile.Write(decoded, stem + ".png");
        return new FaxReceivedPage(number, stem + ".g3", stem + ".pbm", stem + ".png", decoded.Height, decoded.BadRows, twoDimensional);
    }

    /// <summary>While the line is dead or XOFF is held, page bytes are dropped; a line starting "AT" is a command again.</summary>
    private async ValueTask WatchForCommandAsync(ReadOnlyMemory<byte> data, IAtDeviceContext context, CancellationToken cancellationToken)
    {
        foreach (byte value in data.Span)
        {
            if (value != '\r')
            {
                _stray.Append(value is >= 0x20 and < 0x7F ? (char)value : ' ');
                if (_stray.Length > 256)
                {
                    _stray.Remove(0, _stray.Length - 64);
                }

                continue;
            }

            string text = _stray.ToString();
            _stray.Clear();
            int at = text.LastIndexOf("AT", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                _ignoringData = false;
                context.ExitRawMode();
                await OnCommandAsync(text[at..], context, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    private void EndCall(string hangup)
    {
        if (_call is not null)
        {
            _hangup = hangup;
        }

        _call = null;
    }

    private static async ValueTask ReplyAsync(IAtDeviceContext context, CancellationToken cancellationToken, string line)
    {
        await context.SendLineAsync(line, cancellationToken).ConfigureAwait(false);
        await context.SendOkAsync(cancellationToken).ConfigureAwait(false);
    }
}
