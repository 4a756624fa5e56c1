using Gateway.Fax.Codec;

namespace Gateway.Fax.Tests.Support;

/// <summary>
/// Finds EOL code words in T.4 data independently of the decoder: the bit position of the final 1 of
/// every run of at least 11 zeros followed by a 1 (valid code words never contain 11 zeros in a row).
/// </summary>
internal static class EolScanner
{
    public static List<long> EolEnds(ReadOnlySpan<byte> data, T4BitOrder order)
    {
        var ends = new List<long>();
        int zeros = 0;
        for (long bit = 0; bit < (long)data.Length * 8; bit++)
        {
            byte value = data[(int)(bit >> 3)];
            int shift = order == T4BitOrder.MsbFirst ? 7 - (int)(bit & 7) : (int)(bit & 7);
            if (((value >> shift) & 1) == 0)
            {
                zeros++;
                continue;
            }

            if (zeros >= 11)
            {
                ends.Add(bit);
            }

            zeros = 0;
        }

        return ends;
    }
}
