using System.Buffers.Binary;
using System.Numerics;

namespace Gateway.Fax.Codec;

/// <summary>
/// Finds the changing elements of a packed row (T.4 §4.2.1.3.1): positions whose colour differs from
/// the pixel before, with an imaginary white pixel before the line. Works on 64 pixels at a time:
/// XOR of a word with itself shifted by one pixel marks every change, and words without a change
/// (most of a text page) cost one comparison.
/// </summary>
internal static class ChangingElements
{
    /// <summary>Copies of the width written after the real changes, so b1/b2 look-ups need no bounds checks.</summary>
    public const int SentinelCount = 3;

    /// <summary>
    /// Writes the changes of <paramref name="row"/> into <paramref name="changes"/> followed by
    /// <see cref="SentinelCount"/> copies of <paramref name="width"/>; returns the number of real changes.
    /// <paramref name="changes"/> needs <c>width + SentinelCount + 1</c> slots.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> row, int width, Span<int> changes)
    {
        int count = 0;
        ulong previousLastPixel = 0;
        int fullWords = row.Length >> 3;
        Span<byte> padded = stackalloc byte[8];
        for (int word = 0; word <= fullWords; word++)
        {
            ulong pixels;
            if (word < fullWords)
            {
                pixels = BinaryPrimitives.ReadUInt64BigEndian(row.Slice(word << 3, 8));
            }
            else
            {
                int tail = row.Length & 7;
                if (tail == 0)
                {
                    break;
                }

                padded.Clear();
                row[(word << 3)..].CopyTo(padded);
                pixels = BinaryPrimitives.ReadUInt64BigEndian(padded);
            }

            ulong transitions = pixels ^ ((pixels >> 1) | (previousLastPixel << 63));
            previousLastPixel = pixels & 1;
            int basePosition = word << 6;
            while (transitions != 0)
            {
                int offset = BitOperations.LeadingZeroCount(transitions);
                int position = basePosition + offset;
                if (position >= width)
                {
                    AppendSentinels(changes, count, width);
                    return count;
                }

                changes[count++] = position;
                transitions &= ~(0x8000_0000_0000_0000UL >> offset);
            }
        }

        AppendSentinels(changes, count, width);
        return count;
    }

    public static void AppendSentinels(Span<int> changes, int count, int width)
    {
        for (int i = 0; i < SentinelCount; i++)
        {
            changes[count + i] = width;
        }
    }
}
