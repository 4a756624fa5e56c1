using System.Globalization;
using System.Text;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message;

/// <summary>One Via value (RFC 3261 §20.42, RFC 3581 rport).</summary>
public sealed class SipVia
{
    /// <summary>RFC 3261 branch prefix; a branch of only the cookie is treated as RFC 2543 (RFC 4475 §3.2.1).</summary>
    public const string MagicCookie = "z9hG4bK";

    public string Protocol { get; init; } = "SIP";
    public string Version { get; init; } = "2.0";
    /// <summary>Upper-case transport token (UDP, TCP, TLS, SCTP, WS, or anything else).</summary>
    public required string Transport { get; init; }
    public required string Host { get; init; }
    public int? Port { get; init; }
    public SipParameters Parameters { get; init; } = [];

    public string? Branch => Parameters.Get("branch");
    public string? Received => Parameters.Get("received");
    public string? MAddr => Parameters.Get("maddr");
    public int? Ttl => int.TryParse(Parameters.Get("ttl"), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) && ttl <= 255 ? ttl : null;
    public bool HasRPort => Parameters.Contains("rport");
    /// <summary>The rport value a server filled in, or null (absent or requested without value).</summary>
    public int? RPort => int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null;
    public bool HasMagicCookie => Branch is { Length: > 7 } branch && branch.StartsWith(MagicCookie, StringComparison.Ordinal);

    public static bool TryParse(string text, out SipVia via) => TryParse(Encoding.UTF8.GetBytes(text), out via);

    public static bool TryParse(ReadOnlySpan<byte> text, out SipVia via)
    {
        via = null!;
        var i = SipLexer.SkipWhitespace(text, 0);
        if (!ReadToken(text, ref i, out var protocol) || !ReadSlash(text, ref i)) return false;
        if (!ReadToken(text, ref i, out var version) || !ReadSlash(text, ref i)) return false;
        if (!ReadToken(text, ref i, out var transport)) return false;
        var beforeHost = i;
        i = SipLexer.SkipWhitespace(text, i);
        if (i == beforeHost) return false;
        var hostStart = i;
        if (i < text.Length && text[i] == '[')
        {
            var close = text[i..].IndexOf((byte)']');
            if (close < 2) return false;
            i += close + 1;
        }
        else
        {
            while (i < text.Length && (SipCharClass.IsAlpha(text[i]) || SipCharClass.IsDigit(text[i]) || SipCharClass.IsHostChar(text[i]))) i++;
            if (i == hostStart) return false;
        }
        var host = SipLexer.Ascii(text[hostStart..i]);
        int? port = null;
        var afterHost = SipLexer.SkipWhitespace(text, i);
        if (afterHost < text.Length && text[afterHost] == ':')
        {
            i = SipLexer.SkipWhitespace(text, afterHost + 1);
            var portStart = i;
            while (i < text.Length && SipCharClass.IsDigit(text[i])) i++;
            if (!SipLexer.TryParseDecimal(text[portStart..i], 65535, out var portValue)) return false;
            port = (int)portValue;
        }
        if (!SipParameters.TryParseHeaderParameters(text[i..], out var parameters)) return false;
        via = new SipVia
        {
            Protocol = protocol,
            Version = version,
            Transport = transport.ToUpperInvariant(),
            Host = host,
            Port = port,
            Parameters = parameters,
        };
        return true;
    }

    private static bool ReadToken(ReadOnlySpan<byte> text, ref int i, out string token)
    {
        var start = i;
        while (i < text.Length && SipCharClass.IsToken(text[i])) i++;
        token = SipLexer.Ascii(text[start..i]);
        return i > start;
    }

    private static bool ReadSlash(ReadOnlySpan<byte> text, ref int i)
    {
        i = SipLexer.SkipWhitespace(text, i);
        if (i >= text.Length || text[i] != '/') return false;
        i = SipLexer.SkipWhitespace(text, i + 1);
        return true;
    }

    public override string ToString()
    {
        var builder = new StringBuilder(80).Append(Protocol).Append('/').Append(Version).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is { } port) builder.Append(':').Append(port);
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
