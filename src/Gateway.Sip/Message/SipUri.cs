using System.Text;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message;

/// <summary>
/// A URI as SIP uses it: sip/sips (user, password, host, port, parameters, headers), tel (number and parameters)
/// or any other scheme kept opaque. User and password keep their %-escapes; use <see cref="Unescape"/> to compare.
/// </summary>
public sealed class SipUri
{
    public required string Scheme { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    /// <summary>Host as written; IPv6 references keep their brackets.</summary>
    public string Host { get; init; } = "";
    public int? Port { get; init; }
    public SipParameters Parameters { get; init; } = [];
    /// <summary>The raw "?…" part without the '?', or null.</summary>
    public string? Headers { get; init; }
    /// <summary>Everything after "scheme:" for schemes other than sip, sips and tel.</summary>
    public string? Opaque { get; init; }

    public bool IsSip => Scheme is "sip" or "sips";
    public bool IsSecure => Scheme == "sips";
    public bool IsTel => Scheme == "tel";
    public string? UserUnescaped => User is null ? null : Unescape(User);
    public string? Transport => Parameters.Get("transport");
    public bool IsLooseRouter => Parameters.Contains("lr");

    public static SipUri Sip(string? user, string host, int? port = null) => new() { Scheme = "sip", User = user, Host = host, Port = port };

    public static bool TryParse(string text, out SipUri uri) => TryParse(Encoding.UTF8.GetBytes(text), out uri);

    /// <summary>Strict parse of a complete URI: no whitespace, no brackets, escapes well formed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out SipUri uri)
    {
        uri = null!;
        var colon = text.IndexOf((byte)':');
        if (colon <= 0 || !IsValidScheme(text[..colon])) return false;
        var scheme = SipLexer.Ascii(text[..colon]).ToLowerInvariant();
        var rest = text[(colon + 1)..];
        return scheme switch
        {
            "sip" or "sips" => TryParseSip(scheme, rest, out uri),
            "tel" => TryParseTel(rest, out uri),
            _ => TryParseOpaque(scheme, rest, out uri),
        };
    }

    private static bool TryParseSip(string scheme, ReadOnlySpan<byte> text, out SipUri uri)
    {
        uri = null!;
        string? user = null;
        string? password = null;
        var index = 0;
        var at = text.IndexOf((byte)'@');
        if (at >= 0)
        {
            var userInfo = text[..at];
            var passwordColon = userInfo.IndexOf((byte)':');
            var userPart = passwordColon < 0 ? userInfo : userInfo[..passwordColon];
            if (userPart.IsEmpty || !AllValid(userPart, SipCharClass.IsUserChar)) return false;
            user = SipLexer.Ascii(userPart);
            if (passwordColon >= 0)
            {
                var passwordPart = userInfo[(passwordColon + 1)..];
                if (!AllValid(passwordPart, SipCharClass.IsPasswordChar)) return false;
                password = SipLexer.Ascii(passwordPart);
            }
            index = at + 1;
        }
        if (!TryReadHost(text, ref index, out var host)) return false;
        int? port = null;
        if (index < text.Length && text[index] == ':')
        {
            var portStart = ++index;
            while (index < text.Length && SipCharClass.IsDigit(text[index])) index++;
            if (!SipLexer.TryParseDecimal(text[portStart..index], 65535, out var portValue)) return false;
            port = (int)portValue;
        }
        var parameters = new SipParameters();
        if (!SipParameters.TryParseUriParameters(text, ref index, parameters)) return false;
        string? headers = null;
        if (index < text.Length && text[index] == '?')
        {
            var headerPart = text[(index + 1)..];
            if (!AllValid(headerPart, IsHeaderChar)) return false;
            headers = SipLexer.Ascii(headerPart);
            index = text.Length;
        }
        if (index != text.Length) return false;
        uri = new SipUri { Scheme = scheme, User = user, Password = password, Host = host, Port = port, Parameters = parameters, Headers = headers };
        return true;
    }

    private static bool TryParseTel(ReadOnlySpan<byte> text, out SipUri uri)
    {
        uri = null!;
        var index = 0;
        while (index < text.Length && text[index] != ';' && (SipCharClass.IsUnreserved(text[index]) || text[index] is (byte)'+' or (byte)'#' or (byte)'%')) index++;
        if (index == 0) return false;
        var number = SipLexer.Ascii(text[..index]);
        var parameters = new SipParameters();
        if (!SipParameters.TryParseUriParameters(text, ref index, parameters) || index != text.Length) return false;
        uri = new SipUri { Scheme = "tel", User = number, Parameters = parameters };
        return true;
    }

    private static bool TryParseOpaque(string scheme, ReadOnlySpan<byte> text, out SipUri uri)
    {
        uri = null!;
        if (text.IsEmpty) return false;
        foreach (var b in text)
        {
            if (b <= ' ' || b >= 0x7F || b is (byte)'<' or (byte)'>' or (byte)'"') return false;
        }
        uri = new SipUri { Scheme = scheme, Opaque = SipLexer.Ascii(text) };
        return true;
    }

    private static bool TryReadHost(ReadOnlySpan<byte> text, ref int index, out string host)
    {
        host = "";
        var start = index;
        if (index < text.Length && text[index] == '[')
        {
            var close = text[index..].IndexOf((byte)']');
            if (close < 0) return false;
            var inner = text[(index + 1)..(index + close)];
            if (inner.IsEmpty || !AllValid(inner, b => SipCharClass.IsHexDigit(b) || b is (byte)':' or (byte)'.')) return false;
            index += close + 1;
        }
        else
        {
            while (index < text.Length && (SipCharClass.IsAlpha(text[index]) || SipCharClass.IsDigit(text[index]) || SipCharClass.IsHostChar(text[index]))) index++;
            if (index == start) return false;
        }
        host = SipLexer.Ascii(text[start..index]);
        return true;
    }

    private static bool IsValidScheme(ReadOnlySpan<byte> scheme)
    {
        if (!SipCharClass.IsAlpha(scheme[0])) return false;
        foreach (var b in scheme)
        {
            if (!(SipCharClass.IsAlpha(b) || SipCharClass.IsDigit(b) || b is (byte)'+' or (byte)'-' or (byte)'.')) return false;
        }
        return true;
    }

    private static bool IsHeaderChar(byte b) => SipCharClass.IsUnreserved(b) || b is (byte)'%' or (byte)'[' or (byte)']' or (byte)'/' or (byte)'?' or (byte)':' or (byte)'+' or (byte)'$' or (byte)'=' or (byte)'&';

    private static bool AllValid(ReadOnlySpan<byte> text, Func<byte, bool> isValid)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!isValid(text[i])) return false;
            if (text[i] == '%' && !IsValidEscape(text, i)) return false;
        }
        return true;
    }

    internal static bool IsValidEscape(ReadOnlySpan<byte> text, int percent) =>
        percent + 2 < text.Length && SipCharClass.IsHexDigit(text[percent + 1]) && SipCharClass.IsHexDigit(text[percent + 2]);

    /// <summary>Resolves %-escapes (e.g. "%00" stays a NUL character: nothing is truncated).</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('%')) return text;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public override string ToString()
    {
        var builder = new StringBuilder(64).Append(Scheme).Append(':');
        if (Opaque is not null) return builder.Append(Opaque).ToString();
        if (IsTel)
        {
            builder.Append(User);
            Parameters.AppendTo(builder);
            return builder.ToString();
        }
        if (User is not null)
        {
            builder.Append(User);
            if (Password is not null) builder.Append(':').Append(Password);
            builder.Append('@');
        }
        builder.Append(Host);
        if (Port is { } port) builder.Append(':').Append(port);
        Parameters.AppendTo(builder);
        if (Headers is not null) builder.Append('?').Append(Headers);
        return builder.ToString();
    }
}
