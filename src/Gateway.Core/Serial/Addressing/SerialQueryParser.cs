using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.Core.Serial;

/// <summary>Parses the <c>?baud=…&amp;parity=…</c> part of a serial link address into line settings.</summary>
internal static class SerialQueryParser
{
    public const int MinBaudRate = 50;
    public const int MaxBaudRate = 4_000_000;

    public static bool TryParse(
        string query,
        SerialLinkKind kind,
        out SerialLineSettings settings,
        [NotNullWhen(false)] out string? error)
    {
        settings = SerialLineSettings.Default;
        error = null;
        if (query.Length == 0)
        {
            return true;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!seen.Add(key))
            {
                error = $"option '{key}' is given twice";
                return false;
            }

            if (kind == SerialLinkKind.RawTcp)
            {
                error = $"option '{key}' is not allowed on tcp:// (the device server owns the line settings; use rfc2217:// to set them)";
                return false;
            }

            if (!TryApply(settings, key, value, out settings, out error))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryApply(
        SerialLineSettings current,
        string key,
        string value,
        out SerialLineSettings updated,
        [NotNullWhen(false)] out string? error)
    {
        updated = current;
        error = null;
        switch (key.ToLowerInvariant())
        {
            case "baud":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var baud) || baud is < MinBaudRate or > MaxBaudRate)
                {
                    error = $"baud '{value}' is not a number from {MinBaudRate} to {MaxBaudRate}";
                    return false;
                }

                updated = current with { BaudRate = baud };
                return true;

            case "databits":
                if (value is not ("5" or "6" or "7" or "8"))
                {
                    error = $"databits '{value}' must be 5, 6, 7 or 8";
                    return false;
                }

                updated = current with { DataBits = value[0] - '0' };
                return true;

            case "parity":
                SerialParity? parity = value.ToLowerInvariant() switch
                {
                    "none" or "n" => SerialParity.None,
                    "odd" or "o" => SerialParity.Odd,
                    "even" or "e" => SerialParity.Even,
                    "mark" or "m" => SerialParity.Mark,
                    "space" or "s" => SerialParity.Space,
                    _ => null,
                };
                if (parity is null)
                {
                    error = $"parity '{value}' must be none, odd, even, mark or space";
                    return false;
                }

                updated = current with { Parity = parity.Value };
                return true;

            case "stopbits":
                SerialStopBits? stopBits = value switch
                {
                    "1" => SerialStopBits.One,
                    "1.5" => SerialStopBits.OnePointFive,
                    "2" => SerialStopBits.Two,
                    _ => null,
                };
                if (stopBits is null)
                {
                    error = $"stopbits '{value}' must be 1, 1.5 or 2";
                    return false;
                }

                updated = current with { StopBits = stopBits.Value };
                return true;

            case "flow":
                SerialFlowControl? flow = value.ToLowerInvariant() switch
                {
                    "none" => SerialFlowControl.None,
                    "xonxoff" => SerialFlowControl.XonXoff,
                    "rtscts" => SerialFlowControl.RtsCts,
                    _ => null,
                };
                if (flow is null)
                {
                    error = $"flow '{value}' must be none, xonxoff or rtscts";
                    return false;
                }

                updated = current with { FlowControl = flow.Value };
                return true;

            default:
                error = $"unknown option '{key}'; known: baud, parity, databits, stopbits, flow";
                return false;
        }
    }
}
