namespace Gateway.Simulators.Devices.Fax.Decoding;

/// <summary>Reads T.4 data bit by bit, first bit in bit 0 of each byte (what a modem gets with AT+FBO=0).</summary>
internal sealed class LsbFirstBitReader(byte[] data)
{
    public long Position { get; set; }

    public bool AtEnd => Position >= (long)data.Length * 8;

    /// <summary>The next bit, or -1 past the end.</summary>
    public int Read()
    {
        if (AtEnd)
        {
            return -1;
        }

        int bit = (data[(int)(Position >> 3)] >> (int)(Position & 7)) & 1;
        Position++;
        return bit;
    }

    /// <summary>Skips fill zeros and an EOL (≥ 11 zeros then 1). Returns false at the end of the data.</summary>
    public bool SkipToEndOfLine()
    {
        int zeros = 0;
        while (true)
        {
            int bit = Read();
            if (bit < 0)
            {
                return false;
            }

            if (bit == 0)
            {
                zeros++;
            }
            else if (zeros >= 11)
            {
                return true;
            }
            else
            {
                zeros = 0;
            }
        }
    }

    /// <summary>True when an EOL starts here (the position is left unchanged).</summary>
    public bool EolFollows()
    {
        long start = Position;
        int zeros = 0;
        int bit;
        while ((bit = Read()) == 0)
        {
            zeros++;
        }

        Position = start;
        return bit == 1 && zeros >= 11;
    }
}
