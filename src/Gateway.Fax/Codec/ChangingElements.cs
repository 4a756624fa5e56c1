using System.Numerics;

namespace Gateway.Fax.Codec;

/// <summary>
/// Finds the changing elements of a packed row (T.4 §4.2.1.3.1): positions whose colour differs from
/// the pixel before, with an imaginary white pixel before the line. Whole bytes of one colour are
/// skipped with vectorised searches, which is what makes mostly white text pages cheap.
/// </summary>
internal static class ChangingElements
{
    /// <summary>
    /// Writes the changes of <paramref name="row"/> into <paramref name="changes"/> followed by
    /// <see cref="SentinelCount"/> copies of <paramref name="width"/>; returns the number of real changes.
    /// <paramref name="changes"/> needs <c>width + SentinelCount + 1</c> slots.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> row, int width, Span<int> changes)
    {
        int count = 0;
        int position = 0;
        bool lookingForBlack = true;
        while (true)
        {
            position = NextOfColour(row, position, width, lookingForBlack);
            if (position >= width)
            {
                break;
            }

            changes[count++] = position;
            lookingForBlack = !lookingForBlack;
        }

        AppendSentinels(changes, count, width);
        return count;
    }

    public const int SentinelCount = 3;

    public static void AppendSentinels(Span<int> changes, int count, int width)
    {
        for (int i = 0; i < SentinelCount; i++)
        {
            changes[count + i] = width;
        }
    }

    /// <summary>First position ≥ <paramref name="start"/> with the wanted colour, or <paramref name="width"/>.</summary>
    private static int NextOfColour(ReadOnlySpan<byte> row, int start, int width, bool black)
    {
        int byteIndex = start >> 3;
        if (byteIndex >= row.Length)
        {
            return width;
        }

        byte invert = black ? (byte)0 : (byte)0xFF;
        int first = (row[byteIndex] ^ invert) & (0xFF >> (start & 7));
        if (first != 0)
        {
            return Math.Min(width, (byteIndex << 3) + BitOperations.LeadingZeroCount((uint)first) - 24);
        }

        ReadOnlySpan<byte> rest = row[(byteIndex + 1)..];
        int offset = rest.IndexOfAnyExcept(invert);
        if (offset < 0)
        {
            return width;
        }

        int bits = rest[offset] ^ invert;
        return Math.Min(width, ((byteIndex + 1 + offset) << 3) + BitOperations.LeadingZeroCount((uint)bits) - 24);
    }
}
