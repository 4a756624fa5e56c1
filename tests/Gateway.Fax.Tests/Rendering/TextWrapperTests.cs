using Gateway.Fax.Rendering;

namespace Gateway.Fax.Tests.Rendering;

public sealed class TextWrapperTests
{
    // CJK characters are two units wide, everything else one.
    private static float Measure(char c) => c >= '\u2E80' ? 2 : 1;

    [Fact]
    public void Chinese_breaks_between_any_two_characters()
    {
        List<string> lines = TextWrapper.Wrap("一二三四五六七", Measure, 10);

        Assert.Equal(["一二三四五", "六七"], lines);
    }

    [Fact]
    public void Latin_breaks_only_at_spaces()
    {
        List<string> lines = TextWrapper.Wrap("call 138-0000-0000 now please", Measure, 15);

        Assert.Equal(["call", "138-0000-0000", "now please"], lines);
    }

    [Fact]
    public void Mixed_text_keeps_numbers_whole()
    {
        List<string> lines = TextWrapper.Wrap("电话138-0000-0000到场", Measure, 16);

        Assert.Equal(["电话", "138-0000-0000到", "场"], lines);
    }

    [Fact]
    public void A_word_longer_than_the_line_is_split()
    {
        List<string> lines = TextWrapper.Wrap("abcdefghijkl", Measure, 5);

        Assert.Equal(["abcde", "fghij", "kl"], lines);
    }

    [Fact]
    public void Closing_punctuation_hangs_instead_of_starting_a_line()
    {
        List<string> lines = TextWrapper.Wrap("一二三四五。六", Measure, 10);

        Assert.Equal(["一二三四五。", "六"], lines);
    }

    [Fact]
    public void Line_breaks_start_new_paragraphs_and_empty_ones_are_kept()
    {
        List<string> lines = TextWrapper.Wrap("一二\n\n三", Measure, 10);

        Assert.Equal(["一二", string.Empty, "三"], lines);
    }

    [Fact]
    public void No_line_is_wider_than_the_limit()
    {
        string text = SampleText();
        List<string> lines = TextWrapper.Wrap(text, Measure, 40);

        Assert.All(lines, line => Assert.True(line.Sum(Measure) <= 40 || line.EndsWith('，') || line.EndsWith('。'), line));
        Assert.Equal(text.Replace(" ", string.Empty, StringComparison.Ordinal), string.Concat(lines).Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    private static string SampleText() => Support.SampleOrders.LongText(5);
}
