namespace Gateway.Fax.Imaging;

/// <summary>Vertical resolution of a fax page (T.4 §2.2); the horizontal one is always 1728 pels per 215 mm.</summary>
public enum FaxResolution
{
    /// <summary>3.85 lines/mm (98 lpi): an A4 page has 1143 lines.</summary>
    Standard,

    /// <summary>7.7 lines/mm (196 lpi): an A4 page has 2287 lines.</summary>
    Fine,
}

/// <summary>Geometry facts derived from a <see cref="FaxResolution"/>.</summary>
public static class FaxResolutionExtensions
{
    /// <summary>Pixels per line of an ISO A4 fax page (T.4 §2.2).</summary>
    public const int PageWidth = 1728;

    /// <summary>Horizontal resolution in dots per inch as TIFF Class F records it.</summary>
    public const int HorizontalDpi = 204;

    public static int LinesPerInch(this FaxResolution resolution) => resolution == FaxResolution.Fine ? 196 : 98;

    public static int A4Lines(this FaxResolution resolution) => resolution == FaxResolution.Fine ? 2287 : 1143;

    /// <summary>MR parameter K: at most K-1 two-dimensional lines follow each one-dimensional line (T.4 §4.2.1).</summary>
    public static int MrKFactor(this FaxResolution resolution) => resolution == FaxResolution.Fine ? 4 : 2;

    /// <summary>Vertical scale against fine resolution, where pixels are close to square (204 × 196 dpi).</summary>
    public static float VerticalScale(this FaxResolution resolution) => resolution == FaxResolution.Fine ? 1f : 0.5f;
}
