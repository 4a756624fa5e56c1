namespace Gateway.Fax.Codec;

/// <summary>Reverses the bit order of a byte (LSB-first ⇄ MSB-first).</summary>
internal static class BitReversal
{
    private static readonly byte[] Table = Build();

    public static byte Reverse(byte value) => Table[value];

    private static byte[] Build()
    {
        var table = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int reversed = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                reversed |= ((i >> bit) & 1) << (7 - bit);
            }

            table[i] = (byte)reversed;
        }

        return table;
    }
}
