using Gateway.Fax.Rendering;
using Gateway.Fax.Tests.Support;

namespace Gateway.Fax.Tests.Rendering;

public sealed class PageLayoutTests
{
    [Fact]
    public void A_short_order_fits_on_one_page_with_a_page_1_of_1_header()
    {
        IReadOnlyList<LaidOutPage> pages = new PageLayout(new FixedMeasure()).Layout(SampleOrders.Fire());

        LaidOutPage page = Assert.Single(pages);
        Assert.Contains(page.Lines, line => line.Text == "page 1/1" && line.Style == TextStyle.Header);
        Assert.Contains(page.Lines, line => line.Text == "火灾 应急联动指令" && line.Style == TextStyle.Title);
        Assert.Contains(page.Lines, line => line.Text == "特急");
    }

    [Fact]
    public void A_long_order_continues_on_more_pages_each_numbered_n_of_m()
    {
        IReadOnlyList<LaidOutPage> pages = new PageLayout(new FixedMeasure()).Layout(SampleOrders.Fire(SampleOrders.LongText(40)));

        Assert.True(pages.Count >= 2, $"{pages.Count} pages");
        for (int i = 0; i < pages.Count; i++)
        {
            Assert.Contains(pages[i].Lines, line => line.Text == $"page {i + 1}/{pages.Count}");
            Assert.All(pages[i].Lines, line => Assert.InRange(line.Baseline, 0, PageLayout.PageHeight - PageLayout.MarginBottom));
        }

        Assert.All(pages.Skip(1), page => Assert.Contains(page.Lines, line => line.Style == TextStyle.Body));
    }

    [Fact]
    public void Body_lines_stay_inside_the_margins()
    {
        var measure = new FixedMeasure();
        IReadOnlyList<LaidOutPage> pages = new PageLayout(measure).Layout(SampleOrders.Fire(SampleOrders.LongText(10)));

        foreach (PlacedText line in pages.SelectMany(page => page.Lines).Where(line => line.Style == TextStyle.Body))
        {
            float right = line.X + line.Text.Sum(c => measure.CharWidth(line.Style, c));
            Assert.True(right <= PageLayout.PageWidth - PageLayout.MarginRight + measure.Size(TextStyle.Body), $"{line.Text} ends at {right}");
        }
    }

    private sealed class FixedMeasure : ITextMeasure
    {
        public float Size(TextStyle style) => style == TextStyle.Title ? 64 : 40;

        public float CharWidth(TextStyle style, char c) => c >= '\u2E80' ? Size(style) : Size(style) / 2;
    }
}
