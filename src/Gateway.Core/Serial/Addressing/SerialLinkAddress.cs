using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.Core.Serial;

/// <summary>
/// A parsed serial link address: <c>serial:///dev/ttyUSB0?baud=115200&amp;flow=rtscts</c>,
/// <c>serial://COM3?baud=9600</c>, <c>tcp://127.0.0.1:7001</c>, <c>rfc2217://host:7002?baud=115200</c>.
/// Parsed by hand rather than with <see cref="Uri"/>, which would lower-case <c>COM3</c> as a host name.
/// </summary>
public sealed record SerialLinkAddress
{
    private SerialLinkAddress(SerialLinkKind kind, string text, string? portName, string? host, int port, SerialLineSettings settings)
    {
        Kind = kind;
        Text = text;
        PortName = portName;
        Host = host;
        Port = port;
        Settings = settings;
    }

    public SerialLinkKind Kind { get; }

    /// <summary>The address as written; used as the link's name in logs, metrics and /health.</summary>
    public string Text { get; }

    /// <summary>OS port name or device path (<see cref="SerialLinkKind.OsPort"/> only).</summary>
    public string? PortName { get; }

    /// <summary>Host of a TCP or RFC 2217 device server.</summary>
    public string? Host { get; }

    public int Port { get; }

    /// <summary>Line settings; for raw TCP always the defaults (the device server owns them).</summary>
    public SerialLineSettings Settings { get; }

    public override string ToString() => Text;

    public static SerialLinkAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new SerialLinkAddressException(text, error);

    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out SerialLinkAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the address is empty; expected serial://PORT, tcp://HOST:PORT or rfc2217://HOST:PORT";
            return false;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            error = $"'{text}' has no scheme; expected serial://, tcp:// or rfc2217://";
            return false;
        }

        var scheme = text[..schemeEnd];
        SerialLinkKind kind;
        if (scheme.Equals("serial", StringComparison.OrdinalIgnoreCase))
        {
            kind = SerialLinkKind.OsPort;
        }
        else if (scheme.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            kind = SerialLinkKind.RawTcp;
        }
        else if (scheme.Equals("rfc2217", StringComparison.OrdinalIgnoreCase))
        {
            kind = SerialLinkKind.Rfc2217;
        }
        else
        {
            error = $"unknown scheme '{scheme}'; expected serial, tcp or rfc2217";
            return false;
        }

        var rest = text[(schemeEnd + 3)..];
        var queryStart = rest.IndexOf('?');
        var location = queryStart < 0 ? rest : rest[..queryStart];
        var query = queryStart < 0 ? string.Empty : rest[(queryStart + 1)..];

        if (!SerialQueryParser.TryParse(query, kind, out var settings, out error))
        {
            return false;
        }

        if (kind == SerialLinkKind.OsPort)
        {
            if (location.Length == 0)
            {
                error = "serial:// needs a port name, e.g. serial:///dev/ttyUSB0 or serial://COM3";
                return false;
            }

            address = new SerialLinkAddress(kind, text, location, null, 0, settings);
            return true;
        }

        if (!TryParseEndpoint(location, scheme, out var host, out var port, out error))
        {
            return false;
        }

        address = new SerialLinkAddress(kind, text, null, host, port, settings);
        return true;
    }

    private static bool TryParseEndpoint(
        string location,
        string scheme,
        [NotNullWhen(true)] out string? host,
        out int port,
        [NotNullWhen(false)] out string? error)
    {
        host = null;
        port = 0;
        location = location.TrimEnd('/');
        int colon;
        if (location.StartsWith('['))
        {
            var close = location.IndexOf(']');
            colon = close < 0 ? -1 : location.IndexOf(':', close);
            host = close < 0 ? null : location[1..close];
        }
        else
        {
            colon = location.LastIndexOf(':');
            host = colon < 0 ? null : location[..colon];
        }

        if (colon < 0 || string.IsNullOrEmpty(host))
        {
            host = null;
            error = $"{scheme}:// needs HOST:PORT, got '{location}'";
            return false;
        }

        var portText = location[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            host = null;
            error = $"port '{portText}' is not a number from 1 to 65535";
            return false;
        }

        error = null;
        return true;
    }
}

/// <summary>Thrown by <see cref="SerialLinkAddress.Parse"/>; the message names the bad part.</summary>
public sealed class SerialLinkAddressException(string address, string reason)
    : FormatException($"Invalid serial link address '{address}': {reason}")
{
    public string Address { get; } = address;
    public string Reason { get; } = reason;
}
