namespace Gateway.Fax.Rendering;

/// <summary>Kinds of text on an order page; sizes are in fine-resolution pixels (≈ 200 dpi).</summary>
internal enum TextStyle
{
    Header,
    Title,
    Field,
    Body,
}

/// <summary>Measures characters of a style; implemented over SkiaSharp fonts, faked in tests.</summary>
internal interface ITextMeasure
{
    float Size(TextStyle style);

    float CharWidth(TextStyle style, char c);
}
