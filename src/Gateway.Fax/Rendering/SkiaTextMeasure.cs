using SkiaSharp;

namespace Gateway.Fax.Rendering;

/// <summary>One aliased SkiaSharp font per <see cref="TextStyle"/>, with cached character widths.</summary>
internal sealed class SkiaTextMeasure : ITextMeasure, IDisposable
{
    private static readonly float[] Sizes = [30f, 64f, 40f, 42f];

    private readonly SKFont[] _fonts;
    private readonly Dictionary<(TextStyle Style, char Char), float> _widths = [];

    public SkiaTextMeasure(SKTypeface typeface)
    {
        _fonts = Array.ConvertAll(Sizes, size => new SKFont(typeface, size)
        {
            Edging = SKFontEdging.Alias,
            Subpixel = false,
            Hinting = SKFontHinting.Full,
        });
    }

    public SKFont Font(TextStyle style) => _fonts[(int)style];

    public float Size(TextStyle style) => Sizes[(int)style];

    public float CharWidth(TextStyle style, char c)
    {
        if (!_widths.TryGetValue((style, c), out float width))
        {
            width = _fonts[(int)style].MeasureText(c.ToString());
            _widths[(style, c)] = width;
        }

        return width;
    }

    public void Dispose()
    {
        foreach (SKFont font in _fonts)
        {
            font.Dispose();
        }
    }
}
