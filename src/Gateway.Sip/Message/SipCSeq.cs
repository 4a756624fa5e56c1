using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message;

/// <summary>CSeq: sequence number (below 2^31, RFC 3261 §8.1.1.5) and method.</summary>
public readonly record struct SipCSeq(long Number, string Method)
{
    public const long MaxNumber = int.MaxValue;

    public static bool TryParse(ReadOnlySpan<byte> text, out SipCSeq cseq)
    {
        cseq = default;
        text = SipLexer.Trim(text);
        var i = 0;
        while (i < text.Length && SipCharClass.IsDigit(text[i])) i++;
        if (!SipLexer.TryParseDecimal(text[..i], MaxNumber, out var number)) return false;
        var methodStart = SipLexer.SkipWhitespace(text, i);
        if (methodStart == i || !SipCharClass.IsTokenSpan(text[methodStart..])) return false;
        cseq = new SipCSeq(number, SipMethods.Intern(text[methodStart..]));
        return true;
    }

    public override string ToString() => $"{Number} {Method}";
}
