using System.Globalization;
using Gateway.Fax.Imaging;

namespace Gateway.Fax.Rendering;

/// <summary>A line of text placed on a page, in fine-resolution pixels (baseline y).</summary>
internal readonly record struct PlacedText(string Text, TextStyle Style, float X, float Baseline);

/// <summary>What goes on one page: text lines and full-width horizontal rules (their y).</summary>
internal sealed class LaidOutPage
{
    public List<PlacedText> Lines { get; } = [];

    public List<float> Rules { get; } = [];
}

/// <summary>
/// Lays an order out on A4 pages in fine-resolution coordinates (1728 × 2287, pixels near square):
/// header with "page n/m" on every page, title and fields on the first, then the order text wrapped
/// and continued on as many pages as it needs. Standard resolution is the same layout scaled down
/// vertically by the renderer.
/// </summary>
internal sealed class PageLayout(ITextMeasure measure)
{
    public const float PageWidth = FaxResolutionExtensions.PageWidth;
    public const float PageHeight = 2287;
    public const float MarginLeft = 100;
    public const float MarginRight = 100;
    public const float MarginTop = 60;
    public const float MarginBottom = 90;
    private const float LineSpacing = 1.45f;
    private const float ContentWidth = PageWidth - MarginLeft - MarginRight;

    private readonly List<LaidOutPage> _pages = [];
    private float _y;

    /// <summary>Text area below the header: where the first line of content starts.</summary>
    public float ContentTop => MarginTop + (measure.Size(TextStyle.Header) * 2);

    public IReadOnlyList<LaidOutPage> Layout(FaxOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        _pages.Clear();
        StartPage();

        foreach (string line in Wrap(order.Title, TextStyle.Title, ContentWidth))
        {
            float width = Measure(line, TextStyle.Title);
            PlaceLine(line, TextStyle.Title, MarginLeft + Math.Max(0, (ContentWidth - width) / 2));
        }

        _y += measure.Size(TextStyle.Field) * 0.5f;
        PlaceField("指令编号：", order.OrderNumber);
        PlaceField("紧急程度：", order.Urgency);
        PlaceField("接收单位：", order.Unit);
        PlaceField("事发地点：", order.Location);
        PlaceField("联系方式：", order.Contact);
        PlaceField("下达时间：", order.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        PlaceField("调度人员：", order.Dispatcher);
        PlaceRule();
        PlaceLine("指令内容：", TextStyle.Field, MarginLeft);
        foreach (string line in Wrap(order.Text, TextStyle.Body, ContentWidth))
        {
            PlaceLine(line, TextStyle.Body, MarginLeft);
        }

        AddHeaders(order);
        return _pages;
    }

    private void StartPage()
    {
        _pages.Add(new LaidOutPage());
        _y = ContentTop;
    }

    private void PlaceField(string label, string value)
    {
        float labelWidth = Measure(label, TextStyle.Field);
        List<string> lines = Wrap(value, TextStyle.Field, ContentWidth - labelWidth);
        for (int i = 0; i < lines.Count; i++)
        {
            PlaceLine(lines[i], TextStyle.Field, MarginLeft + labelWidth);
            if (i == 0)
            {
                LaidOutPage page = _pages[^1];
                page.Lines.Add(page.Lines[^1] with { Text = label, X = MarginLeft });
            }
        }
    }

    private void PlaceLine(string text, TextStyle style, float x)
    {
        float size = measure.Size(style);
        float height = size * LineSpacing;
        if (_y + height > PageHeight - MarginBottom)
        {
            StartPage();
        }

        _pages[^1].Lines.Add(new PlacedText(text, style, x, _y + size));
        _y += height;
    }

    private void PlaceRule()
    {
        float gap = measure.Size(TextStyle.Field) * 0.4f;
        if (_y + (gap * 2) > PageHeight - MarginBottom)
        {
            StartPage();
            return;
        }

        _pages[^1].Rules.Add(_y + gap);
        _y += gap * 2;
    }

    private void AddHeaders(FaxOrder order)
    {
        float size = measure.Size(TextStyle.Header);
        for (int i = 0; i < _pages.Count; i++)
        {
            string pageText = string.Create(CultureInfo.InvariantCulture, $"page {i + 1}/{_pages.Count}");
            _pages[i].Lines.Add(new PlacedText($"应急联动指令  {order.OrderNumber}", TextStyle.Header, MarginLeft, MarginTop + size));
            _pages[i].Lines.Add(new PlacedText(pageText, TextStyle.Header, PageWidth - MarginRight - Measure(pageText, TextStyle.Header), MarginTop + size));
            _pages[i].Rules.Add(MarginTop + (size * 1.4f));
        }
    }

    private List<string> Wrap(string text, TextStyle style, float width) =>
        TextWrapper.Wrap(text, c => measure.CharWidth(style, c), width);

    private float Measure(string text, TextStyle style)
    {
        float width = 0;
        foreach (char c in text)
        {
            width += measure.CharWidth(style, c);
        }

        return width;
    }
}
