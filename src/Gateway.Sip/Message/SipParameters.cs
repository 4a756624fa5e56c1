using System.Text;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message;

/// <summary>One ";name[=value]" parameter; a quoted value keeps its quotes so it serializes unchanged.</summary>
public readonly record struct SipParameter(string Name, string? Value)
{
    /// <summary>The value without surrounding quotes and with quoted-pairs resolved.</summary>
    public string? UnquotedValue => Value is { Length: >= 2 } v && v[0] == '"' ? SipQuoting.Unquote(v) : Value;
}

/// <summary>Ordered parameter list of a URI or header value; names compare case-insensitively.</summary>
public sealed class SipParameters : List<SipParameter>
{
    public bool Contains(string name) => IndexOf(name) >= 0;

    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : this[index].UnquotedValue;
    }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(this[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    public void Set(string name, string? value)
    {
        var index = IndexOf(name);
        if (index < 0) Add(new SipParameter(name, value));
        else this[index] = new SipParameter(this[index].Name, value);
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index >= 0) RemoveAt(index);
        return index >= 0;
    }

    public void AppendTo(StringBuilder builder)
    {
        foreach (var parameter in this)
        {
            builder.Append(';').Append(parameter.Name);
            if (parameter.Value is not null) builder.Append('=').Append(parameter.Value);
        }
    }

    /// <summary>
    /// Header parameters: *( SEMI generic-param ) with LWS allowed around ';' and '='. Values are token, host
    /// (incl. IPv6 references) or quoted string. Empty names (";;") are malformed.
    /// </summary>
    internal static bool TryParseHeaderParameters(ReadOnlySpan<byte> text, out SipParameters parameters)
    {
        parameters = [];
        var i = SipLexer.SkipWhitespace(text, 0);
        while (i < text.Length)
        {
            if (text[i] != ';') return false;
            i = SipLexer.SkipWhitespace(text, i + 1);
            var nameStart = i;
            while (i < text.Length && SipCharClass.IsToken(text[i])) i++;
            if (i == nameStart) return false;
            var name = SipLexer.Ascii(text[nameStart..i]);
            i = SipLexer.SkipWhitespace(text, i);
            string? value = null;
            if (i < text.Length && text[i] == '=')
            {
                i = SipLexer.SkipWhitespace(text, i + 1);
                if (i < text.Length && text[i] == '"')
                {
                    var end = SipLexer.ReadQuotedString(text, i, out _, out _);
                    if (end < 0) return false;
                    value = SipLexer.ToText(text[i..end]);
                    i = end;
                }
                else
                {
                    var valueStart = i;
                    while (i < text.Length && (SipCharClass.IsToken(text[i]) || text[i] is (byte)':' or (byte)'[' or (byte)']')) i++;
                    if (i == valueStart) return false;
                    value = SipLexer.Ascii(text[valueStart..i]);
                }
                i = SipLexer.SkipWhitespace(text, i);
            }
            parameters.Add(new SipParameter(name, value));
        }
        return true;
    }

    /// <summary>URI parameters: ";name[=value]" with paramchars (unreserved, escaped, param-unreserved), no LWS.</summary>
    internal static bool TryParseUriParameters(ReadOnlySpan<byte> text, ref int index, SipParameters parameters)
    {
        while (index < text.Length && text[index] == ';')
        {
            var nameStart = ++index;
            if (!ReadParamChars(text, ref index)) return false;
            if (index == nameStart) return false;
            var name = SipLexer.Ascii(text[nameStart..index]);
            string? value = null;
            if (index < text.Length && text[index] == '=')
            {
                var valueStart = ++index;
                if (!ReadParamChars(text, ref index)) return false;
                if (index == valueStart) return false;
                value = SipLexer.Ascii(text[valueStart..index]);
            }
            parameters.Add(new SipParameter(name, value));
        }
        return true;
    }

    private static bool ReadParamChars(ReadOnlySpan<byte> text, ref int index)
    {
        while (index < text.Length && SipCharClass.IsParamChar(text[index]))
        {
            if (text[index] == '%' && !SipUri.IsValidEscape(text, index)) return false;
            index++;
        }
        return true;
    }
}
