using System.Text;

namespace Gateway.Sip.Message;

/// <summary>Quoted-string helpers (RFC 3261 §25.1: quoted-pair = "\" CHAR).</summary>
public static class SipQuoting
{
    public static string Unquote(string quoted)
    {
        var inner = quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"' ? quoted[1..^1] : quoted;
        if (!inner.Contains('\\')) return inner;
        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length) i++;
            builder.Append(inner[i]);
        }
        return builder.ToString();
    }

    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\') builder.Append('\\');
            builder.Append(c);
        }
        return builder.Append('"').ToString();
    }
}
