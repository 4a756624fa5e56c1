using System.Text;

namespace Gateway.Sip.Message.Syntax;

/// <summary>Small helpers shared by the header parsers: whitespace, splitting outside quotes and brackets, numbers.</summary>
internal static class SipLexer
{
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length && SipCharClass.IsWhitespace(value[start])) start++;
        var end = value.Length;
        while (end > start && SipCharClass.IsWhitespace(value[end - 1])) end--;
        return value[start..end];
    }

    public static int SkipWhitespace(ReadOnlySpan<byte> value, int index)
    {
        while (index < value.Length && SipCharClass.IsWhitespace(value[index])) index++;
        return index;
    }

    /// <summary>Index of <paramref name="target"/> outside quoted strings and &lt;…&gt;, or -1.</summary>
    public static int IndexOfUnquoted(ReadOnlySpan<byte> value, byte target, int start = 0)
    {
        var inQuotes = false;
        var inAngle = false;
        for (var i = start; i < value.Length; i++)
        {
            var b = value[i];
            if (inQuotes)
            {
                if (b == '\\') i++;
                else if (b == '"') inQuotes = false;
                continue;
            }
            if (b == target && !inAngle) return i;
            if (b == '"') inQuotes = true;
            else if (b == '<') inAngle = true;
            else if (b == '>') inAngle = false;
        }
        return -1;
    }

    /// <summary>Reads a quoted string starting at the opening quote; returns the index after the closing quote or -1.</summary>
    public static int ReadQuotedString(ReadOnlySpan<byte> value, int openQuote, out int contentStart, out int contentLength)
    {
        contentStart = openQuote + 1;
        contentLength = 0;
        for (var i = openQuote + 1; i < value.Length; i++)
        {
            var b = value[i];
            if (b == '\\')
            {
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                if (i + 1 >= value.Length || value[i + 1] is (byte)'\r' or (byte)'\n' or > 0x7F) return -1;
                i++;
                continue;
            }
            if (b == '"')
            {
                contentLength = i - contentStart;
                return i + 1;
            }
            if (b is (byte)'\r' or (byte)'\n')
            {
                // A CR/LF inside a quoted string is only legal as folding.
                if (i + 1 >= value.Length) return -1;
            }
        }
        return -1;
    }

    /// <summary>Parses 1*DIGIT without overflow; false if empty, not digits or above <paramref name="max"/>.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> digits, long max, out long value)
    {
        value = 0;
        if (digits.IsEmpty) return false;
        foreach (var b in digits)
        {
            if (!SipCharClass.IsDigit(b)) return false;
            value = value * 10 + (b - '0');
            if (value > max) return false;
        }
        return true;
    }

    /// <summary>Header values turned into text: folding (CRLF + whitespace) collapses to one space.</summary>
    public static string ToText(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'\r', (byte)'\n') < 0) return Encoding.UTF8.GetString(value);
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        var i = 0;
        while (i < value.Length)
        {
            var b = value[i];
            if (b is (byte)'\r' or (byte)'\n')
            {
                while (i < value.Length && SipCharClass.IsWhitespace(value[i])) i++;
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                while (builder.Length > 0 && builder[^1] is ' ' or '\t') builder.Length--;
                builder.Append(' ');
                pendingSpace = false;
            }
            var next = i;
            while (next < value.Length && value[next] is not ((byte)'\r' or (byte)'\n')) next++;
            builder.Append(Encoding.UTF8.GetString(value[i..next]));
            i = next;
        }
        return builder.ToString();
    }

    public static string Ascii(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);
}
