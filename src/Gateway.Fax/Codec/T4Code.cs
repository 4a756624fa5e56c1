namespace Gateway.Fax.Codec;

/// <summary>One code word: its bits right-aligned in <see cref="Bits"/>, sent most significant first.</summary>
internal readonly record struct T4Code(ushort Bits, byte Length)
{
    /// <summary>Parses the notation the recommendation's tables use, e.g. "00110101".</summary>
    public static T4Code Parse(string pattern)
    {
        ushort bits = 0;
        foreach (char c in pattern)
        {
            bits = (ushort)((bits << 1) | (c == '1' ? 1 : 0));
        }

        return new T4Code(bits, (byte)pattern.Length);
    }
}
