using System.Globalization;
using System.Net;
using Gateway.Simulators.At;
using Gateway.Simulators.Devices.Radio.Roip;

namespace Gateway.Simulators.Devices.Radio;

/// <summary>
/// The simulated TETRA network: the terminals' own ISSIs, the field units, their talkgroup and how they
/// answer a text order. Parsed from the device's command-line options; errors name the option.
/// </summary>
public sealed record RadioNetworkOptions
{
    /// <summary>ISSI of the first terminal; terminal <c>n</c> (0-based) gets <c>Issi + n</c>.</summary>
    public int Issi { get; init; } = 1001;

    /// <summary>Talkgroup (GSSI) every unit is in; a text to it reaches every unit.</summary>
    public int Talkgroup { get; init; } = 9001;

    public IReadOnlyList<int> Units { get; init; } = [2001, 2002];

    /// <summary>Units that never answer (to test fallback to another channel).</summary>
    public IReadOnlySet<int> SilentUnits { get; init; } = new HashSet<int>();

    /// <summary>Time from a text reaching a unit to its SDS-REPORT "received".</summary>
    public TimeSpan ReportDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Time from the report to the unit's status message (null: no status).</summary>
    public TimeSpan? StatusDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The status value a unit sends after a text order (32770 = "on scene" by the gateway's defaults).</summary>
    public ushort StatusValue { get; init; } = 32770;

    /// <summary>Each order a unit receives is appended here as one JSON line (null: not logged).</summary>
    public string? OrdersLogPath { get; init; }

    /// <summary>Largest SDS PDU in bits the terminals accept (answer to <c>AT+CMGS=?</c>).</summary>
    public int MaxPduBits { get; init; } = 2047;

    /// <summary>Terminals on the network (ISSI, ISSI+1, …); the CLI serves each on its own port.</summary>
    public int Terminals { get; init; } = 1;

    /// <summary>RoIP UDP port of the first terminal; terminal <c>n</c> gets <c>RoipPort + 2n</c> (0 = any free port each).</summary>
    public int RoipPort { get; init; }

    /// <summary>RTP payload type of the RoIP audio: 8 PCMA (default) or 0 PCMU.</summary>
    public byte RoipPayloadType { get; init; } = G711.PcmaPayloadType;

    /// <summary>Packet duration of the audio the terminals send (20 or 60 ms).</summary>
    public int RoipPtimeMs { get; init; } = 20;

    /// <summary>Gateway RoIP address of the first terminal (port + 2n for terminal n) until its packets show it.</summary>
    public IPEndPoint? RoipRemote { get; init; }

    /// <summary>Folder for the TX recordings (<c>tx-&lt;issi&gt;-&lt;n&gt;.wav</c>); null: counted, not written.</summary>
    public string? RecordingDirectory { get; init; }

    /// <summary>Every PTT burst (grant, release, recording) is appended here as one JSON line.</summary>
    public string? PttLogPath { get; init; }

    public static IReadOnlyList<DeviceOptionHelp> Help { get; } =
    [
        new("issi", "SSI", "ISSI of the first terminal (default 1001; terminal n gets ISSI + n)"),
        new("talkgroup", "GSSI", "talkgroup of every unit (default 9001)"),
        new("units", "SSI,SSI,...", "field units (default 2001,2002)"),
        new("silent", "SSI,SSI,...", "units that never answer"),
        new("report-delay", "MS", "text → SDS-REPORT \"received\" (default 200)"),
        new("status-delay", "MS", "report → status message, -1 for none (default 1000)"),
        new("status-value", "N", "status value sent (default 32770 = on scene)"),
        new("orders-log", "PATH", "append every order a unit receives as a JSON line"),
        new("max-bits", "N", "SDS PDU limit in bits (default 2047)"),
        new("terminals", "N", "terminals ISSI, ISSI+1, ... each on its own port (TCP/RFC 2217 port + n, pty PATH<n>)"),
        new("roip-port", "PORT", "RoIP RTP port of the first terminal, + 2 per terminal (default 0 = any free)"),
        new("roip-codec", "pcma|pcmu", "RoIP audio codec (default pcma, payload type 8)"),
        new("roip-ptime", "20|60", "RoIP packet duration in ms (default 20)"),
        new("roip-remote", "IP:PORT", "gateway RoIP address of the first terminal (+ 2 per terminal) until learnt"),
        new("recordings", "DIR", "write what each terminal transmits to DIR/tx-<issi>-<n>.wav"),
        new("ptt-log", "PATH", "append every PTT burst as a JSON line"),
    ];

    /// <summary>Reads the options; <paramref name="error"/> names the bad option.</summary>
    public static RadioNetworkOptions Parse(DeviceOptions options, out string? error)
    {
        var result = new RadioNetworkOptions();
        error = null;
        foreach (var (name, value) in options.Values)
        {
            error = name.ToLowerInvariant() switch
            {
                "issi" => Ssi(value, name, out var n) ?? Set(() => result = result with { Issi = n }),
                "talkgroup" => Ssi(value, name, out var n) ?? Set(() => result = result with { Talkgroup = n }),
                "units" => SsiList(value, name, out var list) ?? Set(() => result = result with { Units = list }),
                "silent" => SsiList(value, name, out var list) ?? Set(() => result = result with { SilentUnits = list.ToHashSet() }),
                "report-delay" => Millis(value, name, out var ms) ?? Set(() => result = result with { ReportDelay = TimeSpan.FromMilliseconds(ms) }),
                "status-delay" => value == "-1"
                    ? Set(() => result = result with { StatusDelay = null })
                    : Millis(value, name, out var ms) ?? Set(() => result = result with { StatusDelay = TimeSpan.FromMilliseconds(ms) }),
                "status-value" => ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status)
                    ? Set(() => result = result with { StatusValue = status })
                    : $"--{name} '{value}' is not a number from 0 to 65535",
                "orders-log" => Set(() => result = result with { OrdersLogPath = value }),
                "max-bits" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits is >= 64 and <= 4096
                    ? Set(() => result = result with { MaxPduBits = bits })
                    : $"--{name} '{value}' is not a number from 64 to 4096",
                "terminals" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 64
                    ? Set(() => result = result with { Terminals = count })
                    : $"--{name} '{value}' is not a number from 1 to 64",
                "roip-port" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65_000
                    ? Set(() => result = result with { RoipPort = port })
                    : $"--{name} '{value}' is not a port number",
                "roip-codec" => value.ToLowerInvariant() switch
                {
                    "pcma" => Set(() => result = result with { RoipPayloadType = G711.PcmaPayloadType }),
                    "pcmu" => Set(() => result = result with { RoipPayloadType = G711.PcmuPayloadType }),
                    _ => $"--{name} '{value}' is not pcma or pcmu",
                },
                "roip-ptime" => value is "20" or "60"
                    ? Set(() => result = result with { RoipPtimeMs = value == "20" ? 20 : 60 })
                    : $"--{name} '{value}' is not 20 or 60",
                "roip-remote" => IPEndPoint.TryParse(value, out var remote) && remote.Port > 0
                    ? Set(() => result = result with { RoipRemote = remote })
                    : $"--{name} '{value}' is not IP:PORT",
                "recordings" => Set(() => result = result with { RecordingDirectory = value }),
                "ptt-log" => Set(() => result = result with { PttLogPath = value }),
                _ => null,
            };
            if (error is not null)
            {
                return result;
            }
        }

        return result;
    }

    /// <summary>RoIP settings of terminal <paramref name="index"/> (0-based).</summary>
    public RoipEndpointOptions RoipFor(int index) => new()
    {
        Port = RoipPort == 0 ? 0 : RoipPort + (2 * index),
        PayloadType = RoipPayloadType,
        PtimeMs = RoipPtimeMs,
        Remote = RoipRemote is null ? null : new IPEndPoint(RoipRemote.Address, RoipRemote.Port + (2 * index)),
        RecordingDirectory = RecordingDirectory,
    };

    private static string? Set(Action apply)
    {
        apply();
        return null;
    }

    private static string? Ssi(string value, string name, out int ssi) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ssi) && ssi is > 0 and <= 16_777_215
            ? null
            : $"--{name} '{value}' is not an SSI (1–16777215)";

    private static string? SsiList(string value, string name, out IReadOnlyList<int> list)
    {
        var items = new List<int>();
        list = items;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Ssi(part, name, out var ssi) is { } error)
            {
                return error;
            }

            items.Add(ssi);
        }

        return null;
    }

    private static string? Millis(string value, string name, out int ms) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ms) && ms <= 3_600_000
            ? null
            : $"--{name} '{value}' is not a whole number of milliseconds";
}
