using System.Text;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message;

/// <summary>
/// name-addr / addr-spec with header parameters (To, From, Contact, Route, …). In the addr-spec form the URI
/// ends at the first ';' (those parameters belong to the header) and may not contain '?' or ','.
/// </summary>
public sealed class NameAddress
{
    public NameAddress(SipUri uri, string? displayName = null, SipParameters? parameters = null)
    {
        Uri = uri;
        DisplayName = displayName;
        Parameters = parameters ?? [];
    }

    /// <summary>Display name without quotes; quoted-pairs are resolved.</summary>
    public string? DisplayName { get; }
    public SipUri Uri { get; }
    public SipParameters Parameters { get; }
    public string? Tag => Parameters.Get("tag");

    public static bool TryParse(string text, out NameAddress value) => TryParse(Encoding.UTF8.GetBytes(text), out value);

    public static bool TryParse(ReadOnlySpan<byte> text, out NameAddress value)
    {
        value = null!;
        text = SipLexer.Trim(text);
        if (text.IsEmpty) return false;
        var lessThan = SipLexer.IndexOfUnquoted(text, (byte)'<');
        int afterAddress;
        string? displayName = null;
        SipUri? uri;
        if (lessThan >= 0)
        {
            if (!TryParseDisplayName(SipLexer.Trim(text[..lessThan]), out displayName)) return false;
            var greaterThan = text[lessThan..].IndexOf((byte)'>');
            if (greaterThan < 0) return false;
            if (!SipUri.TryParse(text[(lessThan + 1)..(lessThan + greaterThan)], out uri)) return false;
            afterAddress = lessThan + greaterThan + 1;
        }
        else
        {
            if (text[0] == '"') return false;
            var end = 0;
            while (end < text.Length && text[end] != ';' && !SipCharClass.IsWhitespace(text[end])) end++;
            var spec = text[..end];
            if (spec.IndexOfAny((byte)'?', (byte)',') >= 0) return false;
            if (!SipUri.TryParse(spec, out uri)) return false;
            afterAddress = end;
        }
        if (!SipParameters.TryParseHeaderParameters(text[afterAddress..], out var parameters)) return false;
        value = new NameAddress(uri, displayName, parameters);
        return true;
    }

    private static bool TryParseDisplayName(ReadOnlySpan<byte> text, out string? displayName)
    {
        displayName = null;
        if (text.IsEmpty) return true;
        if (text[0] == '"')
        {
            var end = SipLexer.ReadQuotedString(text, 0, out _, out _);
            if (end != text.Length) return false;
            displayName = SipQuoting.Unquote(SipLexer.ToText(text));
            return true;
        }
        foreach (var b in text)
        {
            if (!SipCharClass.IsToken(b) && !SipCharClass.IsWhitespace(b)) return false;
        }
        displayName = SipLexer.ToText(text);
        return true;
    }

    public override string ToString()
    {
        var builder = new StringBuilder(96);
        if (DisplayName is not null) builder.Append(SipQuoting.Quote(DisplayName)).Append(' ');
        builder.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
