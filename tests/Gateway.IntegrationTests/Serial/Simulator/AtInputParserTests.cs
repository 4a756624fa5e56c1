using System.Text;
using Gateway.Simulators.At;

namespace Gateway.IntegrationTests.Serial.Simulator;

public sealed class AtInputParserTests
{
    [Fact]
    public void Commands_end_at_cr_and_lf_is_ignored()
    {
        var parser = new AtInputParser();

        var items = Feed(parser, "AT\r\nAT+ECHO=x \r\n");

        Assert.Equal([new AtInputItem(AtInputKind.Command, "AT"), new AtInputItem(AtInputKind.Command, "AT+ECHO=x")], items);
    }

    [Fact]
    public void Text_mode_runs_to_ctrl_z_and_esc_cancels()
    {
        var parser = new AtInputParser { Mode = AtInputMode.Text };

        var sent = Feed(parser, "line one\r\nline two\x1A");
        var cancelled = Feed(parser, "oops\x1B");

        Assert.Equal([new AtInputItem(AtInputKind.Text, "line one\r\nline two")], sent);
        Assert.Equal([new AtInputItem(AtInputKind.CancelledText, "oops")], cancelled);
    }

    [Fact]
    public void An_over_long_line_is_reported_once_and_the_next_line_is_clean()
    {
        var parser = new AtInputParser();

        var items = Feed(parser, new string('A', AtInputParser.MaxLineLength + 100) + "\rAT\r");

        Assert.Equal([new AtInputItem(AtInputKind.Overflow, string.Empty), new AtInputItem(AtInputKind.Command, "AT")], items);
    }

    private static List<AtInputItem> Feed(AtInputParser parser, string input) =>
        Encoding.Latin1.GetBytes(input).Select(parser.Consume).OfType<AtInputItem>().ToList();
}
