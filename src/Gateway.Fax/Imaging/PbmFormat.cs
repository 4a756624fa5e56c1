using System.Globalization;
using System.Text;

namespace Gateway.Fax.Imaging;

/// <summary>Reads and writes binary PBM (netpbm "P4"), the format g3topbm and pbmtog3 use.</summary>
public static class PbmFormat
{
    /// <summary>Largest width or height accepted when reading, so a bad header cannot allocate gigabytes.</summary>
    public const int MaxDimension = 32768;

    public static void Write(FaxBitmap bitmap, Stream output)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        ArgumentNullException.ThrowIfNull(output);
        byte[] header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P4\n{bitmap.Width} {bitmap.Height}\n"));
        output.Write(header);
        output.Write(bitmap.Data, 0, bitmap.Stride * bitmap.Height);
    }

    public static void Write(FaxBitmap bitmap, string path)
    {
        using FileStream file = File.Create(path);
        Write(bitmap, file);
    }

    public static FaxBitmap Read(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Read(file);
    }

    /// <summary>Reads one P4 image; throws <see cref="InvalidDataException"/> on a malformed file.</summary>
    public static FaxBitmap Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ReadByte() != 'P' || input.ReadByte() != '4')
        {
            throw new InvalidDataException("Not a binary PBM (P4) image.");
        }

        int width = ReadHeaderNumber(input);
        int height = ReadHeaderNumber(input);
        if (width < 1 || height < 0 || width > MaxDimension || height > MaxDimension)
        {
            throw new InvalidDataException($"PBM size {width}x{height} is out of range.");
        }

        var bitmap = new FaxBitmap(width, height);
        input.ReadExactly(bitmap.Data, 0, bitmap.Stride * height);
        bitmap.ClearPadding();
        return bitmap;
    }

    // Header numbers are separated by whitespace; '#' starts a comment; one whitespace byte ends the header.
    private static int ReadHeaderNumber(Stream input)
    {
        int c = input.ReadByte();
        while (c == '#' || char.IsWhiteSpace((char)c))
        {
            if (c == '#')
            {
                while (c is not ('\n' or '\r' or -1))
                {
                    c = input.ReadByte();
                }
            }

            c = input.ReadByte();
        }

        long value = 0;
        int digits = 0;
        while (c is >= '0' and <= '9' && digits < 9)
        {
            value = (value * 10) + (c - '0');
            digits++;
            c = input.ReadByte();
        }

        if (digits == 0 || !(c == -1 || char.IsWhiteSpace((char)c)))
        {
            throw new InvalidDataException("Malformed PBM header.");
        }

        return (int)value;
    }
}
