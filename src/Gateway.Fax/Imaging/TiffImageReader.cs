using BitMiracle.LibTiff.Classic;

namespace Gateway.Fax.Imaging;

/// <summary>
/// Reads every page (IFD) of a TIFF file as a 1-bit bitmap with LibTiff.NET: bilevel pages as they
/// are, other pages thresholded at mid-grey. Used for images sent as they are and to read archives back.
/// </summary>
public static class TiffImageReader
{
    static TiffImageReader()
    {
        // LibTiff.NET prints to the console by default; failures are reported by our exceptions instead.
        Tiff.SetErrorHandler(new SilentTiffErrorHandler());
    }

    public static IReadOnlyList<FaxBitmap> ReadPages(string path)
    {
        using Tiff tiff = Tiff.Open(path, "r") ?? throw new InvalidDataException($"Not a readable TIFF file: {path}");
        var pages = new List<FaxBitmap>();
        do
        {
            pages.Add(ReadPage(tiff, path));
        }
        while (tiff.ReadDirectory());

        return pages;
    }

    private static FaxBitmap ReadPage(Tiff tiff, string path)
    {
        int width = tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        int height = tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        if (width < 1 || height < 1 || width > PbmFormat.MaxDimension || height > PbmFormat.MaxDimension)
        {
            throw new InvalidDataException($"TIFF page size {width}x{height} is out of range: {path}");
        }

        int bits = tiff.GetFieldDefaulted(TiffTag.BITSPERSAMPLE)[0].ToInt();
        int samples = tiff.GetFieldDefaulted(TiffTag.SAMPLESPERPIXEL)[0].ToInt();
        return bits == 1 && samples == 1 ? ReadBilevel(tiff, width, height, path) : ReadThresholded(tiff, width, height, path);
    }

    private static FaxBitmap ReadBilevel(Tiff tiff, int width, int height, string path)
    {
        var bitmap = new FaxBitmap(width, height);
        var scanline = new byte[Math.Max(tiff.ScanlineSize(), bitmap.Stride)];
        bool minIsBlack = tiff.GetFieldDefaulted(TiffTag.PHOTOMETRIC)[0].ToInt() == (int)Photometric.MINISBLACK;
        for (int y = 0; y < height; y++)
        {
            if (!tiff.ReadScanline(scanline, y))
            {
                throw new InvalidDataException($"TIFF row {y} could not be read: {path}");
            }

            Span<byte> row = bitmap.Row(y);
            scanline.AsSpan(0, bitmap.Stride).CopyTo(row);
            if (minIsBlack)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = (byte)~row[i];
                }
            }
        }

        bitmap.ClearPadding();
        return bitmap;
    }

    private static FaxBitmap ReadThresholded(Tiff tiff, int width, int height, string path)
    {
        var raster = new int[width * height];
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT))
        {
            throw new InvalidDataException($"TIFF page could not be decoded: {path}");
        }

        var bitmap = new FaxBitmap(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int abgr = raster[(y * width) + x];
                int luminance = ((abgr & 0xFF) * 77) + (((abgr >> 8) & 0xFF) * 150) + (((abgr >> 16) & 0xFF) * 29);
                bitmap[x, y] = luminance < 128 * 256;
            }
        }

        return bitmap;
    }

    private sealed class SilentTiffErrorHandler : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }
    }
}
