using Gateway.Core.Serial.Rfc2217;

namespace Gateway.Core.Tests.Serial;

public sealed class TelnetEscaperTests
{
    [Fact]
    public void Doubles_every_iac_byte()
    {
        byte[] data = [0xFF, 1, 0xFF, 0xFF, 2];
        var output = new byte[TelnetEscaper.MaxEscapedLength(data.Length)];

        var length = TelnetEscaper.Escape(data, output);

        Assert.Equal(new byte[] { 0xFF, 0xFF, 1, 0xFF, 0xFF, 0xFF, 0xFF, 2 }, output[..length]);
    }

    [Fact]
    public void Leaves_data_without_iac_alone()
    {
        var data = "AT+ECHO=hello\r"u8.ToArray();
        var output = new byte[TelnetEscaper.MaxEscapedLength(data.Length)];

        var length = TelnetEscaper.Escape(data, output);

        Assert.Equal(data, output[..length]);
    }

    [Fact]
    public void Escaped_random_data_decodes_back_to_itself()
    {
        var random = new Random(2217);
        for (var round = 0; round < 200; round++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            var escaped = new byte[TelnetEscaper.MaxEscapedLength(data.Length)];
            var escapedLength = TelnetEscaper.Escape(data, escaped);
            var decoded = new byte[escapedLength];

            var decodedLength = new TelnetDecoder().Decode(escaped.AsSpan(0, escapedLength), decoded, new IgnoringHandler());

            Assert.Equal(data, decoded[..decodedLength]);
        }
    }

    private sealed class IgnoringHandler : ITelnetEventHandler
    {
        public void OnNegotiation(TelnetVerb verb, byte option) => throw new InvalidOperationException("escaped data produced a negotiation");

        public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload) => throw new InvalidOperationException("escaped data produced a sub-negotiation");

        public void OnCommand(byte command) => throw new InvalidOperationException("escaped data produced a command");
    }
}
