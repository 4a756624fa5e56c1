using Gateway.Radio.Sds;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Radio.Tests.Sds;

public sealed class SdsSplitAndConcatenateTests
{
    [Fact]
    public void Text_within_the_limit_is_one_plain_pdu()
    {
        byte next = 10;
        var parts = SdsTextSplitter.Split("Fire at pier 3", 2047, () => next++);

        var part = Assert.Single(parts);
        Assert.Equal(10, part.MessageReference);
        Assert.StartsWith("820E0A01", part.Hex);
        Assert.Equal((4 + 14) * 8, part.Bits);
        Assert.Null(part.Concatenation);
    }

    [Fact]
    public void Long_text_is_split_with_a_concatenation_header_and_reassembles()
    {
        // 256 bits = 32 octets: 28 Latin-1 characters fit one PDU; with the 6-octet header 22 fit a part.
        var text = string.Concat(Enumerable.Range(0, 70).Select(i => (char)('a' + i % 26)));
        byte next = 250;
        var parts = SdsTextSplitter.Split(text, 256, () => next++);

        Assert.Equal(4, parts.Count); // 22 + 22 + 22 + 4
        Assert.All(parts, p => Assert.True(p.Bits <= 256));
        Assert.Equal(new byte[] { 250, 251, 252, 253 }, parts.Select(p => p.MessageReference));

        var assembler = new SdsConcatenationAssembler(new FakeTimeProvider(), TimeSpan.FromMinutes(5));
        string? whole = null;
        foreach (var part in parts.Reverse())
        {
            var decoded = Assert.IsType<SdsTextTransfer>(SdsPduDecoder.DecodeHex(part.Hex, part.Bits));
            Assert.Equal(SdsProtocol.TextMessagingWithUserDataHeader, decoded.ProtocolId);
            var concatenation = Assert.NotNull(decoded.Concatenation);
            Assert.Equal(250, concatenation.Reference);
            Assert.Equal(4, concatenation.Total);
            whole = assembler.Add("2001", concatenation, decoded.Text);
        }

        Assert.Equal(text, whole);
        Assert.Equal(0, assembler.PendingCount);
    }

    [Fact]
    public void Chinese_text_is_split_in_whole_characters_and_never_inside_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("火灾，请立即到场𠀀", 20));
        byte next = 1;
        var parts = SdsTextSplitter.Split(text, 512, () => next++);

        Assert.True(parts.Count > 1);
        var joined = string.Concat(parts.Select(p => ((SdsTextTransfer)SdsPduDecoder.DecodeHex(p.Hex, p.Bits)).Text));
        Assert.Equal(text, joined);
        foreach (var part in parts)
        {
            var partText = ((SdsTextTransfer)SdsPduDecoder.DecodeHex(part.Hex, part.Bits)).Text;
            Assert.False(char.IsHighSurrogate(partText[^1]));
        }
    }

    [Fact]
    public void Limit_too_small_for_a_part_is_refused()
    {
        byte next = 1;
        Assert.Throws<ArgumentException>(() => SdsTextSplitter.Split(new string('x', 100), 88, () => next++));
    }

    [Fact]
    public void Assembler_ignores_duplicates_and_invalid_sequence_numbers()
    {
        var assembler = new SdsConcatenationAssembler(new FakeTimeProvider(), TimeSpan.FromMinutes(5));

        Assert.Null(assembler.Add("1", new SdsConcatenation(9, 2, 0), "bad"));
        Assert.Null(assembler.Add("1", new SdsConcatenation(9, 2, 3), "bad"));
        Assert.Null(assembler.Add("1", new SdsConcatenation(9, 2, 1), "Hel"));
        Assert.Null(assembler.Add("1", new SdsConcatenation(9, 2, 1), "Hel"));
        Assert.Null(assembler.Add("2", new SdsConcatenation(9, 2, 2), "other sender"));
        Assert.Equal("Hello", assembler.Add("1", new SdsConcatenation(9, 2, 2), "lo"));
    }

    [Fact]
    public void Assembler_drops_parts_older_than_the_expiry()
    {
        var time = new FakeTimeProvider();
        var assembler = new SdsConcatenationAssembler(time, TimeSpan.FromMinutes(5));

        Assert.Null(assembler.Add("1", new SdsConcatenation(4, 2, 1), "old "));
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(assembler.Add("1", new SdsConcatenation(4, 2, 2), "part"));
        Assert.Equal(1, assembler.PendingCount); // only the new part is waiting
    }

    [Fact]
    public void Assembler_keeps_a_bounded_number_of_incomplete_messages()
    {
        var assembler = new SdsConcatenationAssembler(new FakeTimeProvider(), TimeSpan.FromMinutes(5));
        for (var i = 0; i < 500; i++)
        {
            assembler.Add($"{i}", new SdsConcatenation((byte)i, 3, 1), "x");
        }

        Assert.Equal(SdsConcatenationAssembler.MaxPendingMessages, assembler.PendingCount);
    }
}
