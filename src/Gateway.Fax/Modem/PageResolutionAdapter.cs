using Gateway.Fax.Imaging;

namespace Gateway.Fax.Modem;

/// <summary>Fits a page to the resolution the receiver chose: fine → standard drops every other line, standard → fine doubles lines.</summary>
internal static class PageResolutionAdapter
{
    public static FaxBitmap Adapt(FaxBitmap page, FaxResolution pageResolution, FaxResolution negotiated)
    {
        if (pageResolution == negotiated)
        {
            return page;
        }

        bool halve = negotiated == FaxResolution.Standard;
        int height = halve ? (page.Height + 1) / 2 : page.Height * 2;
        var adapted = new FaxBitmap(page.Width, height);
        for (int y = 0; y < height; y++)
        {
            page.Row(halve ? y * 2 : y / 2).CopyTo(adapted.Row(y));
        }

        return adapted;
    }
}
