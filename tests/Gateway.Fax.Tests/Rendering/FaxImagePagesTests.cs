using Gateway.Fax.Archive;
using Gateway.Fax.Imaging;
using Gateway.Fax.Rendering;
using Gateway.Fax.Tests.Support;
using SkiaSharp;

namespace Gateway.Fax.Tests.Rendering;

public sealed class FaxImagePagesTests
{
    [Fact]
    public void A_fax_width_pbm_is_sent_pixel_for_pixel()
    {
        using var temp = new TempDirectory();
        FaxBitmap original = TestBitmaps.TextLike(12, height: 700);
        PbmFormat.Write(original, temp.File("page.pbm"));

        FaxBitmap page = Assert.Single(FaxImagePages.Load(temp.File("page.pbm"), FaxResolution.Fine));

        Assert.True(original.PixelsEqual(page));
    }

    [Fact]
    public void A_multi_page_tiff_is_sent_page_for_page()
    {
        using var temp = new TempDirectory();
        FaxBitmap[] originals = [TestBitmaps.TextLike(13, height: 300), TestBitmaps.RandomRuns(14, height: 100)];
        TiffClassFWriter.Write(temp.File("fax.tif"), originals, new TiffFaxOptions());

        IReadOnlyList<FaxBitmap> pages = FaxImagePages.Load(temp.File("fax.tif"), FaxResolution.Fine);

        Assert.Equal(2, pages.Count);
        Assert.True(originals[0].PixelsEqual(pages[0]));
        Assert.True(originals[1].PixelsEqual(pages[1]));
    }

    [Theory]
    [InlineData(FaxResolution.Fine, 192)]
    [InlineData(FaxResolution.Standard, 96)]
    public void A_narrow_png_is_scaled_to_fax_width_keeping_its_shape(FaxResolution resolution, int expectedHeight)
    {
        using var temp = new TempDirectory();
        // 864 × 100 px, white, with a black square at (100..200, 20..70).
        using (var image = new SKBitmap(864, 100))
        {
            using var canvas = new SKCanvas(image);
            canvas.Clear(SKColors.White);
            using var black = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(100, 20, 100, 50, black);
            using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(temp.File("image.png"), png.ToArray());
        }

        FaxBitmap page = Assert.Single(FaxImagePages.Load(temp.File("image.png"), resolution));

        Assert.Equal(1728, page.Width);
        Assert.Equal(expectedHeight, page.Height);
        int scale = expectedHeight / 96;
        Assert.True(page[300, 45 * scale]);
        Assert.False(page[100, 45 * scale]);
        Assert.False(page[300, 5 * scale]);
        int squareInk = page.CountBlack(0, 0, 1728, page.Height);
        Assert.InRange(squareInk, 200 * 48 * scale * 0.9, 200 * 48 * scale * 1.1);
    }

    [Fact]
    public void A_file_that_is_no_image_is_refused_with_its_path()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("note.txt"), "not an image");

        var error = Assert.Throws<InvalidDataException>(() => FaxImagePages.Load(temp.File("note.txt"), FaxResolution.Fine));

        Assert.Contains("note.txt", error.Message, StringComparison.Ordinal);
    }
}
