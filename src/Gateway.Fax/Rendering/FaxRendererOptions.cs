namespace Gateway.Fax.Rendering;

/// <summary>Settings of <see cref="FaxPageRenderer"/>.</summary>
public sealed record FaxRendererOptions
{
    /// <summary>Debian's fonts-wqy-microhei: CJK plus Latin letters and digits in one face.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    public string FontPath { get; init; } = DefaultFontPath;

    /// <summary>Index of the face inside a font collection (.ttc); 0 is WenQuanYi Micro Hei.</summary>
    public int FontIndex { get; init; }
}
