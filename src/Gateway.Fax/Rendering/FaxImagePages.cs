using Gateway.Fax.Imaging;
using SkiaSharp;

namespace Gateway.Fax.Rendering;

/// <summary>
/// Turns a ready image into fax pages "as it is": PBM (P4) and TIFF pages 1728 pixels wide are taken
/// pixel for pixel; PNG/JPEG/BMP/GIF/WebP are thresholded. Any other width is scaled to 1728 pixels
/// wide, assuming square source pixels, so the height follows the vertical resolution.
/// </summary>
public static class FaxImagePages
{
    public static IReadOnlyList<FaxBitmap> Load(string path, FaxResolution resolution)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Span<byte> magic = stackalloc byte[4];
        using (FileStream file = File.OpenRead(path))
        {
            magic = magic[..file.Read(magic)];
        }

        IReadOnlyList<FaxBitmap> pages;
        if (magic.StartsWith("P4"u8))
        {
            pages = [PbmFormat.Read(path)];
        }
        else if (magic.SequenceEqual("II*\0"u8) || magic.SequenceEqual("MM\0*"u8))
        {
            pages = TiffImageReader.ReadPages(path);
        }
        else
        {
            using SKBitmap decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException($"Not a PBM, TIFF or an image SkiaSharp can decode: {path}");
            return [Scale(decoded, resolution)];
        }

        return pages.Select(page => page.Width == FaxResolutionExtensions.PageWidth ? page : Scale(page, resolution)).ToArray();
    }

    /// <summary>Scales a 1-bit page to fax width.</summary>
    public static FaxBitmap Scale(FaxBitmap page, FaxResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(page);
        using var grey = new SKBitmap(new SKImageInfo(page.Width, page.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        Span<byte> pixels = grey.GetPixelSpan();
        for (int y = 0; y < page.Height; y++)
        {
            Span<byte> row = pixels.Slice(y * grey.RowBytes, page.Width);
            for (int x = 0; x < page.Width; x++)
            {
                row[x] = page[x, y] ? (byte)0 : (byte)255;
            }
        }

        return Scale(grey, resolution);
    }

    private static FaxBitmap Scale(SKBitmap source, FaxResolution resolution)
    {
        const int width = FaxResolutionExtensions.PageWidth;
        float verticalFactor = (float)resolution.LinesPerInch() / FaxResolutionExtensions.HorizontalDpi;
        int height = source.Width == width
            ? source.Height
            : Math.Clamp((int)MathF.Round(source.Height * (float)width / source.Width * verticalFactor), 1, PbmFormat.MaxDimension);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque))
            ?? throw new InvalidOperationException("SkiaSharp could not create an 8-bit grey surface.");
        surface.Canvas.Clear(SKColors.White);
        using SKImage image = SKImage.FromBitmap(source);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        surface.Canvas.Flush();

        var page = new FaxBitmap(width, height);
        using SKPixmap pixels = surface.PeekPixels();
        BitonalConverter.Convert(pixels.GetPixelSpan(), pixels.RowBytes, page);
        return page;
    }
}
