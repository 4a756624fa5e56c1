namespace Gateway.Fax.Imaging;

/// <summary>
/// A 1-bit image with packed rows: the leftmost pixel is the most significant bit of a byte and
/// 1 means black (the PBM convention). Padding bits after <see cref="Width"/> are kept at 0.
/// </summary>
public sealed class FaxBitmap
{
    public FaxBitmap(int width, int height)
        : this(width, height, new byte[checked(StrideFor(width) * height)])
    {
    }

    /// <summary>Wraps packed rows; <paramref name="data"/> must hold <c>StrideFor(width) * height</c> bytes.</summary>
    public FaxBitmap(int width, int height, byte[] data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < StrideFor(width) * height)
        {
            throw new ArgumentException($"Need {StrideFor(width) * height} bytes for {width}x{height}, got {data.Length}.", nameof(data));
        }

        Width = width;
        Height = height;
        Stride = StrideFor(width);
        Data = data;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride { get; }

    /// <summary>All rows, <see cref="Stride"/> bytes each.</summary>
    public byte[] Data { get; }

    public static int StrideFor(int width) => (width + 7) >> 3;

    public Span<byte> Row(int y) => Data.AsSpan(y * Stride, Stride);

    public bool this[int x, int y]
    {
        get => (Data[(y * Stride) + (x >> 3)] & (0x80 >> (x & 7))) != 0;
        set
        {
            ref byte cell = ref Data[(y * Stride) + (x >> 3)];
            cell = value ? (byte)(cell | (0x80 >> (x & 7))) : (byte)(cell & ~(0x80 >> (x & 7)));
        }
    }

    /// <summary>Number of black pixels in a rectangle; used to check that something was drawn.</summary>
    public int CountBlack(int x, int y, int width, int height)
    {
        int count = 0;
        for (int row = y; row < y + height; row++)
        {
            for (int column = x; column < x + width; column++)
            {
                if (this[column, row])
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>True when both bitmaps have the same size and the same pixels.</summary>
    public bool PixelsEqual(FaxBitmap other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Width == Width && other.Height == Height
            && Data.AsSpan(0, Stride * Height).SequenceEqual(other.Data.AsSpan(0, other.Stride * other.Height));
    }

    /// <summary>Sets pixels [<paramref name="start"/>, <paramref name="end"/>) of a packed row to black.</summary>
    internal static void FillBlack(Span<byte> row, int start, int end)
    {
        if (start >= end)
        {
            return;
        }

        int firstByte = start >> 3;
        int lastByte = (end - 1) >> 3;
        byte firstMask = (byte)(0xFF >> (start & 7));
        byte lastMask = (byte)(0xFF << (7 - ((end - 1) & 7)));
        if (firstByte == lastByte)
        {
            row[firstByte] |= (byte)(firstMask & lastMask);
            return;
        }

        row[firstByte] |= firstMask;
        row[(firstByte + 1)..lastByte].Fill(0xFF);
        row[lastByte] |= lastMask;
    }

    /// <summary>Clears the padding bits after the last pixel of every row.</summary>
    internal void ClearPadding()
    {
        int used = Width & 7;
        if (used == 0)
        {
            return;
        }

        byte keep = (byte)(0xFF << (8 - used));
        for (int y = 0; y < Height; y++)
        {
            Data[(y * Stride) + Stride - 1] &= keep;
        }
    }
}
