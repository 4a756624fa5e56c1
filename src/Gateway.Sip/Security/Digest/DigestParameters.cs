using System.Text;

namespace Gateway.Sip.Security.Digest;

/// <summary>
/// The auth-params of one WWW-Authenticate / Authorization value: <c>Scheme name=token, name="quoted"</c>.
/// Wire input: never throws, bounded in count and length.
/// </summary>
public sealed class DigestParameters
{
    public const int MaxParameters = 32;
    public const int MaxLength = 4096;

    private readonly Dictionary<string, string> _values;

    private DigestParameters(string scheme, Dictionary<string, string> values)
    {
        Scheme = scheme;
        _values = values;
    }

    public string Scheme { get; }

    public bool IsDigest => Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public static bool TryParse(string text, out DigestParameters parameters)
    {
        parameters = null!;
        if (text.Length > MaxLength) return false;
        var i = SkipWhitespace(text, 0);
        var schemeStart = i;
        while (i < text.Length && IsTokenChar(text[i])) i++;
        if (i == schemeStart) return false;
        var scheme = text[schemeStart..i];
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            i = SkipWhitespace(text, i);
            if (i >= text.Length) break;
            if (text[i] == ',')
            {
                i++;
                continue;
            }
            var nameStart = i;
            while (i < text.Length && IsTokenChar(text[i])) i++;
            if (i == nameStart) return false;
            var name = text[nameStart..i];
            i = SkipWhitespace(text, i);
            if (i >= text.Length || text[i] != '=') return false;
            i = SkipWhitespace(text, i + 1);
            if (!TryReadValue(text, ref i, out var value)) return false;
            if (values.Count >= MaxParameters) return false;
            values[name] = value;
        }
        parameters = new DigestParameters(scheme, values);
        return true;
    }

    private static bool TryReadValue(string text, ref int i, out string value)
    {
        value = "";
        if (i < text.Length && text[i] == '"')
        {
            var builder = new StringBuilder();
            for (i++; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"')
                {
                    i++;
                    value = builder.ToString();
                    return true;
                }
                if (c == '\\' && i + 1 < text.Length) c = text[++i];
                builder.Append(c);
            }
            return false;
        }
        var start = i;
        while (i < text.Length && IsTokenChar(text[i])) i++;
        value = text[start..i];
        return i > start;
    }

    private static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    // RFC 3261 token characters, plus '/' and ':' which real peers put unquoted in nonces and URIs.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~' or '/' or ':';
}
