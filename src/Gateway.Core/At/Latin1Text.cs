namespace Gateway.Core.At;

/// <summary>Compares received ASCII/Latin-1 bytes with .NET strings without allocating.</summary>
internal static class Latin1Text
{
    public static bool EqualsString(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same prefix rule as <see cref="AtUnsolicitedRouter"/>: the byte after the prefix is not a letter or digit.</summary>
    public static bool IsPrefixMatch(ReadOnlySpan<byte> line, string prefix)
    {
        if (line.Length < prefix.Length || !EqualsString(line[..prefix.Length], prefix))
        {
            return false;
        }

        return line.Length == prefix.Length || !char.IsAsciiLetterOrDigit((char)line[prefix.Length]);
    }

    /// <summary>Throws unless every character can go on an AT line as one byte.</summary>
    public static void Validate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c > '\u00FF' || c == '\r' || c == '\n')
            {
                throw new ArgumentException($"AT text may only hold Latin-1 characters without CR/LF; found U+{(int)c:X4} at {i}", nameof(text));
            }
        }
    }

    /// <summary>Encodes <paramref name="text"/> byte per char; throws for characters a serial AT line cannot carry.</summary>
    public static int Encode(string text, Span<byte> destination)
    {
        Validate(text);
        for (int i = 0; i < text.Length; i++)
        {
            destination[i] = (byte)text[i];
        }

        return text.Length;
    }
}
