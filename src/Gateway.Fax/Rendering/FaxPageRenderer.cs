using Gateway.Fax.Imaging;
using SkiaSharp;

namespace Gateway.Fax.Rendering;

/// <summary>
/// Renders an order as 1-bit A4 fax pages, 1728 pixels wide, at standard or fine resolution. Text is
/// drawn without anti-aliasing into a reused 8-bit surface and thresholded, so no grey survives. At
/// standard resolution the fine layout is drawn squeezed to half height: each line is twice as tall
/// there, so the printed text keeps its proportions. Calls are serialised by a lock because the
/// surfaces are reused.
/// </summary>
public sealed class FaxPageRenderer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SKTypeface _typeface;
    private readonly SkiaTextMeasure _measure;
    private readonly SKPaint _ink = new() { Color = SKColors.Black, IsAntialias = false, StrokeWidth = 3, Style = SKPaintStyle.Fill };
    private readonly Dictionary<FaxResolution, SKSurface> _surfaces = [];

    /// <exception cref="FaxFontNotFoundException">The font file is missing or not a font.</exception>
    public FaxPageRenderer(FaxRendererOptions? options = null)
    {
        options ??= new FaxRendererOptions();
        if (!File.Exists(options.FontPath))
        {
            throw new FaxFontNotFoundException(options.FontPath);
        }

        _typeface = SKTypeface.FromFile(options.FontPath, options.FontIndex) ?? throw new FaxFontNotFoundException(options.FontPath);
        _measure = new SkiaTextMeasure(_typeface);
    }

    /// <summary>Family name of the loaded face, e.g. "WenQuanYi Micro Hei".</summary>
    public string FontFamily => _typeface.FamilyName;

    public IReadOnlyList<FaxBitmap> Render(FaxOrder order, FaxResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_gate)
        {
            IReadOnlyList<LaidOutPage> layout = new PageLayout(_measure).Layout(order);
            var pages = new FaxBitmap[layout.Count];
            for (int i = 0; i < layout.Count; i++)
            {
                pages[i] = Paint(layout[i], resolution);
            }

            return pages;
        }
    }

    public void Dispose()
    {
        foreach (SKSurface surface in _surfaces.Values)
        {
            surface.Dispose();
        }

        _ink.Dispose();
        _measure.Dispose();
        _typeface.Dispose();
    }

    private FaxBitmap Paint(LaidOutPage page, FaxResolution resolution)
    {
        SKSurface surface = Surface(resolution);
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Save();
        canvas.Scale(1, resolution.VerticalScale());
        foreach (float y in page.Rules)
        {
            canvas.DrawRect(PageLayout.MarginLeft, y, PageLayout.PageWidth - PageLayout.MarginLeft - PageLayout.MarginRight, 3, _ink);
        }

        foreach (PlacedText line in page.Lines)
        {
            canvas.DrawText(line.Text, line.X, line.Baseline, SKTextAlign.Left, _measure.Font(line.Style), _ink);
        }

        canvas.Restore();
        canvas.Flush();

        var bitmap = new FaxBitmap(FaxResolutionExtensions.PageWidth, resolution.A4Lines());
        using SKPixmap pixels = surface.PeekPixels();
        BitonalConverter.Convert(pixels.GetPixelSpan(), pixels.RowBytes, bitmap);
        return bitmap;
    }

    private SKSurface Surface(FaxResolution resolution)
    {
        if (!_surfaces.TryGetValue(resolution, out SKSurface? surface))
        {
            var info = new SKImageInfo(FaxResolutionExtensions.PageWidth, resolution.A4Lines(), SKColorType.Gray8, SKAlphaType.Opaque);
            surface = SKSurface.Create(info) ?? throw new InvalidOperationException("SkiaSharp could not create an 8-bit grey surface.");
            _surfaces[resolution] = surface;
        }

        return surface;
    }
}
