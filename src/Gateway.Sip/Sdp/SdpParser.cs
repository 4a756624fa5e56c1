using System.Globalization;
using System.Text;

namespace Gateway.Sip.Sdp;

/// <summary>
/// Parses SDP from wire bytes. Never throws: malformed input gives a typed error. Lines we do not need
/// (b=, k=, z=, r=, i=, u=, e=, p=) are skipped; media attributes we do not interpret are kept.
/// </summary>
public static class SdpParser
{
    public const int MaxLength = 16 * 1024;
    private const int MaxMedia = 16;
    private const int MaxFormats = 32;

    public static SdpParseError TryParse(ReadOnlySpan<byte> body, out SdpSession session)
    {
        session = new SdpSession();
        if (body.IsEmpty) return SdpParseError.Empty;
        if (body.Length > MaxLength) return SdpParseError.TooLarge;
        var text = Encoding.UTF8.GetString(body);
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != "v=0") return SdpParseError.MissingVersion;

        var builder = new SessionBuilder();
        foreach (var raw in lines.AsSpan(1))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.Length < 2 || line[1] != '=') return SdpParseError.MalformedLine;
            var error = builder.Apply(line[0], line[2..]);
            if (error != SdpParseError.None) return error;
        }
        session = builder.Build();
        return SdpParseError.None;
    }

    private sealed class SessionBuilder
    {
        private SdpSession _session = new();
        private readonly List<SdpMedia> _media = [];
        private MediaBuilder? _current;

        public SdpParseError Apply(char type, string value)
        {
            switch (type)
            {
                case 'o':
                    var origin = value.Split(' ');
                    if (origin.Length != 6 || !ulong.TryParse(origin[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                        || !ulong.TryParse(origin[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return SdpParseError.MalformedOrigin;
                    _session = _session with { OriginUser = origin[0], SessionId = id, SessionVersion = version, OriginAddress = origin[5] };
                    return SdpParseError.None;
                case 's':
                    _session = _session with { SessionName = value };
                    return SdpParseError.None;
                case 'c':
                    if (!TryParseConnection(value, out var address)) return SdpParseError.MalformedConnection;
                    if (_current is null) _session = _session with { ConnectionAddress = address };
                    else _current.ConnectionAddress = address;
                    return SdpParseError.None;
                case 'm':
                    if (_media.Count >= MaxMedia) return SdpParseError.MalformedMedia;
                    Flush();
                    _current = MediaBuilder.TryCreate(value);
                    return _current is null ? SdpParseError.MalformedMedia : SdpParseError.None;
                case 'a':
                    if (_current is null)
                    {
                        if (SdpDirections.Parse(value) is { } direction) _session = _session with { Direction = direction };
                    }
                    else _current.ApplyAttribute(value);
                    return SdpParseError.None;
                default:
                    return SdpParseError.None;
            }
        }

        private void Flush()
        {
            if (_current is not null) _media.Add(_current.Build(_session.Direction));
            _current = null;
        }

        public SdpSession Build()
        {
            Flush();
            return _session with { Media = _media.ToArray() };
        }

        private static bool TryParseConnection(string value, out string address)
        {
            address = "";
            var parts = value.Split(' ');
            if (parts.Length != 3 || parts[0] != "IN" || parts[1] is not ("IP4" or "IP6")) return false;
            var slash = parts[2].IndexOf('/', StringComparison.Ordinal);
            address = slash < 0 ? parts[2] : parts[2][..slash];
            return address.Length > 0;
        }
    }

    private sealed class MediaBuilder
    {
        private readonly string _type;
        private readonly int _port;
        private readonly string _protocol;
        private readonly List<int> _numbers;
        private readonly Dictionary<int, SdpPayloadType> _maps = [];
        private readonly Dictionary<int, string> _fmtp = [];
        private readonly List<string> _other = [];
        private int? _ptime;
        private SdpDirection? _direction;

        private MediaBuilder(string type, int port, string protocol, List<int> numbers)
        {
            _type = type;
            _port = port;
            _protocol = protocol;
            _numbers = numbers;
        }

        public string? ConnectionAddress { get; set; }

        public static MediaBuilder? TryCreate(string value)
        {
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || parts.Length > 3 + MaxFormats) return null;
            var portText = parts[1];
            var slash = portText.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0) portText = portText[..slash];
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535) return null;
            var numbers = new List<int>(parts.Length - 3);
            for (var i = 3; i < parts.Length; i++)
            {
                // Non-RTP media (e.g. image t38 udptl) have non-numeric formats: kept as "no usable format".
                if (int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 127) numbers.Add(number);
            }
            return new MediaBuilder(parts[0], port, parts[2], numbers);
        }

        public void ApplyAttribute(string value)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? value : value[..colon];
            var argument = colon < 0 ? "" : value[(colon + 1)..];
            switch (name)
            {
                case "rtpmap" when TryParseRtpMap(argument, out var map):
                    _maps[map.Number] = map;
                    break;
                case "fmtp" when TrySplitNumber(argument, out var number, out var rest):
                    _fmtp[number] = rest;
                    break;
                case "ptime" when int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var ptime) && ptime is > 0 and <= 1000:
                    _ptime = ptime;
                    break;
                default:
                    if (SdpDirections.Parse(name) is { } direction) _direction = direction;
                    else if (_other.Count < 64) _other.Add(value);
                    break;
            }
        }

        public SdpMedia Build(SdpDirection? sessionDirection)
        {
            var formats = new List<SdpPayloadType>(_numbers.Count);
            foreach (var number in _numbers)
            {
                var format = _maps.GetValueOrDefault(number) ?? SdpPayloadType.Static(number);
                if (format is null) continue;
                if (_fmtp.TryGetValue(number, out var parameters)) format = format with { FormatParameters = parameters };
                formats.Add(format);
            }
            return new SdpMedia
            {
                MediaType = _type,
                Port = _port,
                Protocol = _protocol,
                Formats = formats,
                PacketTimeMs = _ptime,
                Direction = _direction ?? sessionDirection ?? SdpDirection.SendRecv,
                ConnectionAddress = ConnectionAddress,
                OtherAttributes = _other,
            };
        }

        private static bool TryParseRtpMap(string argument, out SdpPayloadType map)
        {
            map = null!;
            if (!TrySplitNumber(argument, out var number, out var rest)) return false;
            var parts = rest.Split('/');
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate <= 0) return false;
            map = new SdpPayloadType(number, parts[0], rate);
            return true;
        }

        private static bool TrySplitNumber(string argument, out int number, out string rest)
        {
            rest = "";
            var space = argument.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !int.TryParse(argument.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out number) || number > 127)
            {
                number = 0;
                return false;
            }
            rest = argument[(space + 1)..].Trim();
            return true;
        }
    }
}
