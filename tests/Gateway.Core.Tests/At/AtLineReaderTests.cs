using System.Text;
using Gateway.Core.At;

namespace Gateway.Core.Tests.At;

public sealed class AtLineReaderTests
{
    [Theory]
    [InlineData("OK\r\n")]
    [InlineData("OK\r")]
    [InlineData("OK\n")]
    [InlineData("OK\n\r")]
    [InlineData("\r\n\r\nOK\r\n\r\n")]
    [InlineData("\n\n\rOK\r\r\r")]
    public void Any_line_ending_and_blank_lines_give_exactly_one_line(string input)
    {
        Assert.Equal(["OK"], ReadAll(input));
    }

    [Fact]
    public void Line_split_across_chunks_is_joined()
    {
        using var reader = new AtLineReader(64);
        var lines = new List<string>();
        foreach (string chunk in new[] { "+CTX", "G: 1,0", ",0,0\r", "\nOK", "\r\n" })
        {
            Feed(reader, chunk, lines);
        }

        Assert.Equal(["+CTXG: 1,0,0,0", "OK"], lines);
    }

    [Fact]
    public void Overlong_line_is_reported_once_and_the_next_line_is_intact()
    {
        using var reader = new AtLineReader(16);
        ReadOnlySpan<byte> input = Encoding.ASCII.GetBytes(new string('x', 40) + "\r\nOK\r\n");
        Assert.Equal(AtLineEvent.OverlongLine, reader.Read(ref input, out _));
        Assert.Equal(AtLineEvent.Line, reader.Read(ref input, out ReadOnlySpan<byte> line));
        Assert.Equal("OK", Encoding.ASCII.GetString(line));
        Assert.Equal(AtLineEvent.NeedMoreData, reader.Read(ref input, out _));
    }

    [Fact]
    public void Xon_and_xoff_are_reported_and_kept_out_of_lines()
    {
        using var reader = new AtLineReader(64);
        ReadOnlySpan<byte> input = [(byte)'O', AtLineReader.XoffByte, (byte)'K', AtLineReader.XonByte, (byte)'\r'];
        Assert.Equal(AtLineEvent.Xoff, reader.Read(ref input, out _));
        Assert.Equal(AtLineEvent.Xon, reader.Read(ref input, out _));
        Assert.Equal(AtLineEvent.Line, reader.Read(ref input, out ReadOnlySpan<byte> line));
        Assert.Equal("OK", Encoding.ASCII.GetString(line));
    }

    [Fact]
    public void Unterminated_text_stays_pending_until_discarded()
    {
        using var reader = new AtLineReader(64);
        ReadOnlySpan<byte> input = "\r\n> "u8;
        Assert.Equal(AtLineEvent.NeedMoreData, reader.Read(ref input, out _));
        Assert.Equal("> ", Encoding.ASCII.GetString(reader.Pending));
        reader.DiscardPending();
        Assert.True(reader.Pending.IsEmpty);
    }

    [Fact]
    public void Random_bytes_never_throw_and_never_exceed_the_limit()
    {
        var random = new Random(42);
        byte[] noise = new byte[100_000];
        random.NextBytes(noise);
        using var reader = new AtLineReader(32);
        ReadOnlySpan<byte> input = noise;
        int lines = 0;
        while (true)
        {
            AtLineEvent next = reader.Read(ref input, out ReadOnlySpan<byte> line);
            if (next == AtLineEvent.NeedMoreData)
            {
                break;
            }

            if (next == AtLineEvent.Line)
            {
                lines++;
                Assert.InRange(line.Length, 1, 32);
            }
        }

        Assert.True(lines > 100);
    }

    private static List<string> ReadAll(string text)
    {
        using var reader = new AtLineReader(64);
        var lines = new List<string>();
        Feed(reader, text, lines);
        return lines;
    }

    private static void Feed(AtLineReader reader, string chunk, List<string> lines)
    {
        ReadOnlySpan<byte> input = Encoding.ASCII.GetBytes(chunk);
        while (true)
        {
            AtLineEvent next = reader.Read(ref input, out ReadOnlySpan<byte> line);
            if (next == AtLineEvent.NeedMoreData)
            {
                return;
            }

            if (next == AtLineEvent.Line)
            {
                lines.Add(Encoding.ASCII.GetString(line));
            }
        }
    }
}
