using Gateway.Fax.Imaging;
using Gateway.Fax.Rendering;
using Gateway.Fax.Tests.Support;

namespace Gateway.Fax.Tests.Rendering;

public sealed class FaxPageRendererTests
{
    private static FaxPageRenderer Renderer => SharedRenderer.Renderer;

    [Fact]
    public void Uses_the_wqy_micro_hei_face()
    {
        Assert.Equal("WenQuanYi Micro Hei", Renderer.FontFamily);
    }

    [Theory]
    [InlineData(FaxResolution.Fine, 2287)]
    [InlineData(FaxResolution.Standard, 1143)]
    public void A_chinese_order_renders_one_a4_page_with_ink_in_the_text_area(FaxResolution resolution, int lines)
    {
        FaxBitmap page = Assert.Single(Renderer.Render(SampleOrders.Fire(), resolution));

        Assert.Equal(1728, page.Width);
        Assert.Equal(lines, page.Height);
        int textTop = lines / 20;
        int black = page.CountBlack(100, textTop, 1528, lines / 2);
        Assert.InRange(black, 5_000, 1528 * (lines / 2) / 4);
        Assert.Equal(0, page.CountBlack(0, lines - 40, 1728, 40));
        Assert.Equal(0, page.CountBlack(0, 0, 60, lines));
    }

    [Fact]
    public void Different_chinese_characters_draw_different_glyphs_not_the_same_missing_glyph_box()
    {
        FaxBitmap fire = Renderer.Render(SampleOrders.Fire("火灾"), FaxResolution.Fine)[0];
        FaxBitmap flood = Renderer.Render(SampleOrders.Fire("水灾"), FaxResolution.Fine)[0];
        FaxBitmap blank = Renderer.Render(SampleOrders.Fire(string.Empty), FaxResolution.Fine)[0];

        (int top, int height) = BodyBand(blank, fire);
        int fireInk = fire.CountBlack(100, top, 300, height);
        int floodInk = flood.CountBlack(100, top, 300, height);
        Assert.True(fireInk > 100 && floodInk > 100, $"ink {fireInk} / {floodInk}");
        Assert.False(fire.PixelsEqual(flood), "火 and 水 rendered identically: glyphs are missing");
        Assert.Equal(0, blank.CountBlack(100, top, 300, height));
    }

    [Fact]
    public void Digits_and_latin_letters_render_as_distinct_glyphs()
    {
        FaxBitmap one = Renderer.Render(SampleOrders.Fire("1111 AAAA"), FaxResolution.Fine)[0];
        FaxBitmap eight = Renderer.Render(SampleOrders.Fire("8888 BBBB"), FaxResolution.Fine)[0];
        FaxBitmap blank = Renderer.Render(SampleOrders.Fire(string.Empty), FaxResolution.Fine)[0];

        (int top, int height) = BodyBand(blank, one);
        Assert.True(one.CountBlack(100, top, 400, height) > 100);
        Assert.NotEqual(one.CountBlack(100, top, 400, height), eight.CountBlack(100, top, 400, height));
    }

    [Fact]
    public void Long_text_wraps_over_many_lines_and_paginates_with_ink_on_every_page()
    {
        IReadOnlyList<FaxBitmap> pages = Renderer.Render(SampleOrders.Fire(SampleOrders.LongText(40)), FaxResolution.Fine);

        Assert.True(pages.Count >= 2, $"{pages.Count} pages");
        foreach (FaxBitmap page in pages)
        {
            // Header band ("page n/m") and the text area below it.
            Assert.True(page.CountBlack(100, 50, 1528, 60) > 200, "header has no ink");
            Assert.True(page.CountBlack(100, 300, 1528, 1500) > 20_000, "text area has no ink");
        }

        // Wrapped: ink reaches close to the right margin on text lines.
        Assert.True(pages[0].CountBlack(1500, 600, 128, 1000) > 0, "text does not run to the right margin");
        Assert.Equal(0, pages[0].CountBlack(1728 - 60, 0, 60, 2287));
    }

    [Fact]
    public void Standard_resolution_draws_text_half_as_tall_and_equally_wide()
    {
        FaxBitmap fine = Renderer.Render(SampleOrders.Fire(), FaxResolution.Fine)[0];
        FaxBitmap standard = Renderer.Render(SampleOrders.Fire(), FaxResolution.Standard)[0];

        int fineRows = RowsWithInk(fine);
        int standardRows = RowsWithInk(standard);
        Assert.InRange(standardRows, fineRows * 0.4, fineRows * 0.6);
        int fineInk = fine.CountBlack(0, 0, 1728, fine.Height);
        int standardInk = standard.CountBlack(0, 0, 1728, standard.Height);
        Assert.InRange(standardInk, fineInk * 0.4, fineInk * 0.6);
        Assert.Equal(LeftmostInk(fine), LeftmostInk(standard));
    }

    [Fact]
    public void A_missing_font_fails_with_a_message_naming_its_path()
    {
        var error = Assert.Throws<FaxFontNotFoundException>(() => new FaxPageRenderer(new FaxRendererOptions { FontPath = "/nonexistent/wqy-microhei.ttc" }));

        Assert.Contains("/nonexistent/wqy-microhei.ttc", error.Message, StringComparison.Ordinal);
        Assert.Contains("fonts-wqy-microhei", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_font_fails_with_its_path()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("not-a-font.ttc"), "hello");

        var error = Assert.Throws<FaxFontNotFoundException>(() => new FaxPageRenderer(new FaxRendererOptions { FontPath = temp.File("not-a-font.ttc") }));

        Assert.Contains(temp.File("not-a-font.ttc"), error.Message, StringComparison.Ordinal);
    }

    // The rows where two renderings differ: the order text.
    private static (int Top, int Height) BodyBand(FaxBitmap blank, FaxBitmap withText)
    {
        int first = -1;
        int last = -1;
        for (int y = 0; y < blank.Height; y++)
        {
            if (!blank.Row(y).SequenceEqual(withText.Row(y)))
            {
                first = first < 0 ? y : first;
                last = y;
            }
        }

        Assert.True(first >= 0, "text made no difference to the page");
        return (first, last - first + 1);
    }

    private static int RowsWithInk(FaxBitmap page) => Enumerable.Range(0, page.Height).Count(y => page.Row(y).ContainsAnyExcept((byte)0));

    private static int LeftmostInk(FaxBitmap page)
    {
        for (int x = 0; x < page.Width; x++)
        {
            if (page.CountBlack(x, 0, 1, page.Height) > 0)
            {
                return x;
            }
        }

        return -1;
    }
}
