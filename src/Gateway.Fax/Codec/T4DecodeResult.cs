using Gateway.Fax.Imaging;

namespace Gateway.Fax.Codec;

/// <summary>A decoded page and what went wrong on the way.</summary>
/// <param name="Page">Decoded rows; a bad row repeats the row above (white for the first row).</param>
/// <param name="BadRows">Rows that did not decode to exactly the page width or had garbage before their EOL.</param>
/// <param name="EndOfPageSeen">True when the data ended with RTC (two or more EOLs in a row).</param>
/// <param name="Truncated">True when <see cref="T4DecoderOptions.MaxRows"/> cut the page short.</param>
public sealed record T4DecodeResult(FaxBitmap Page, int BadRows, bool EndOfPageSeen, bool Truncated)
{
    public int Rows => Page.Height;
}
