using System.Runtime.Intrinsics;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;

namespace Gateway.Fax.Rendering;

/// <summary>Thresholds 8-bit grey rows (0 black … 255 white) to packed 1-bit rows: below 128 is black.</summary>
internal static class BitonalConverter
{
    public static void Convert(ReadOnlySpan<byte> grey, int rowBytes, FaxBitmap target)
    {
        for (int y = 0; y < target.Height; y++)
        {
            ConvertRow(grey.Slice(y * rowBytes, target.Width), target.Row(y));
        }

        target.ClearPadding();
    }

    public static void ConvertRow(ReadOnlySpan<byte> grey, Span<byte> packed)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // A pixel is white when its top bit is set, so the sign-bit mask is the white mask; it comes out
            // with the first pixel in bit 0 and each byte needs reversing for MSB-first rows.
            for (; x + 32 <= grey.Length; x += 32)
            {
                uint black = ~Vector256.Create(grey.Slice(x, 32)).ExtractMostSignificantBits();
                int target = x >> 3;
                packed[target] = BitReversal.Reverse((byte)black);
                packed[target + 1] = BitReversal.Reverse((byte)(black >> 8));
                packed[target + 2] = BitReversal.Reverse((byte)(black >> 16));
                packed[target + 3] = BitReversal.Reverse((byte)(black >> 24));
            }
        }

        for (; x < grey.Length; x++)
        {
            int mask = 0x80 >> (x & 7);
            packed[x >> 3] = grey[x] < 128 ? (byte)(packed[x >> 3] | mask) : (byte)(packed[x >> 3] & ~mask);
        }
    }
}
