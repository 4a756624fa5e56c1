using Gateway.Core.Serial.Rfc2217;

namespace Gateway.Core.Tests.Serial;

public sealed class TelnetDecoderTests
{
    private const byte Iac = TelnetCodes.Iac;

    [Fact]
    public void Passes_plain_data_through_unchanged()
    {
        var (data, events) = DecodeAll([(byte)'O', (byte)'K', 13, 10]);

        Assert.Equal("OK\r\n"u8.ToArray(), data);
        Assert.Empty(events);
    }

    [Fact]
    public void Turns_a_doubled_iac_into_one_data_byte()
    {
        var (data, events) = DecodeAll([1, Iac, Iac, 2]);

        Assert.Equal(new byte[] { 1, 0xFF, 2 }, data);
        Assert.Empty(events);
    }

    [Fact]
    public void Reports_negotiations_and_subnegotiations_between_data()
    {
        byte[] input =
        [
            (byte)'a', Iac, TelnetCodes.Do, TelnetCodes.OptionComPort, (byte)'b',
            Iac, TelnetCodes.Sb, TelnetCodes.OptionComPort, 107, 0x30, Iac, TelnetCodes.Se, (byte)'c',
        ];

        var (data, events) = DecodeAll(input);

        Assert.Equal("abc"u8.ToArray(), data);
        Assert.Equal(["DO 44", "SB 44 6B-30"], events);
    }

    [Fact]
    public void Unescapes_iac_inside_a_subnegotiation()
    {
        var (_, events) = DecodeAll([Iac, TelnetCodes.Sb, 44, 101, 0, 0, 0, Iac, Iac, Iac, TelnetCodes.Se]);

        Assert.Equal(["SB 44 65-00-00-00-FF"], events);
    }

    [Fact]
    public void Gives_the_same_result_whatever_the_read_boundaries()
    {
        byte[] input =
        [
            (byte)'x', Iac, Iac, Iac, TelnetCodes.Will, 3, Iac, TelnetCodes.Sb, 44, 107, Iac, Iac, Iac, TelnetCodes.Se,
            (byte)'y', Iac, TelnetCodes.Nop, (byte)'z',
        ];
        var (expectedData, expectedEvents) = DecodeAll(input);

        for (var split = 1; split < input.Length; split++)
        {
            var recorder = new RecordingHandler();
            var decoder = new TelnetDecoder();
            var data = new List<byte>();
            data.AddRange(DecodeChunk(decoder, input[..split], recorder));
            data.AddRange(DecodeChunk(decoder, input[split..], recorder));

            Assert.Equal(expectedData, data);
            Assert.Equal(expectedEvents, recorder.Events);
        }

        // And one byte per read.
        var byteRecorder = new RecordingHandler();
        var byteDecoder = new TelnetDecoder();
        var byteData = input.SelectMany(b => DecodeChunk(byteDecoder, [b], byteRecorder)).ToArray();
        Assert.Equal(expectedData, byteData);
        Assert.Equal(expectedEvents, byteRecorder.Events);
    }

    [Fact]
    public void Decodes_in_place_in_one_buffer()
    {
        byte[] buffer = [(byte)'a', Iac, Iac, Iac, TelnetCodes.Do, 1, (byte)'b'];
        var decoder = new TelnetDecoder();

        var length = decoder.Decode(buffer, buffer, new RecordingHandler());

        Assert.Equal(new byte[] { (byte)'a', 0xFF, (byte)'b' }, buffer[..length]);
    }

    [Fact]
    public void Counts_a_stray_se_and_keeps_going()
    {
        var decoder = new TelnetDecoder();
        var data = DecodeChunk(decoder, [(byte)'a', Iac, TelnetCodes.Se, (byte)'b'], new RecordingHandler());

        Assert.Equal("ab"u8.ToArray(), data);
        Assert.Equal(1, decoder.MalformedCount);
    }

    [Fact]
    public void Treats_iac_command_inside_a_subnegotiation_as_its_end()
    {
        var recorder = new RecordingHandler();
        var decoder = new TelnetDecoder();

        var data = DecodeChunk(decoder, [Iac, TelnetCodes.Sb, 44, 7, Iac, TelnetCodes.Do, 1, (byte)'k'], recorder);

        Assert.Equal("k"u8.ToArray(), data);
        Assert.Equal(["DO 1"], recorder.Events);
        Assert.Equal(1, decoder.MalformedCount);
    }

    [Fact]
    public void Drops_an_oversized_subnegotiation_and_recovers()
    {
        var recorder = new RecordingHandler();
        var decoder = new TelnetDecoder();
        var input = new List<byte> { Iac, TelnetCodes.Sb, 44 };
        input.AddRange(Enumerable.Repeat((byte)7, TelnetDecoder.MaxSubnegotiationLength + 10));
        input.AddRange([Iac, TelnetCodes.Se, (byte)'o', (byte)'k']);

        var data = DecodeChunk(decoder, input.ToArray(), recorder);

        Assert.Equal("ok"u8.ToArray(), data);
        Assert.Empty(recorder.Events);
        Assert.Equal(1, decoder.MalformedCount);
    }

    [Fact]
    public void Never_throws_on_random_garbage_and_never_outputs_more_than_it_got()
    {
        var random = new Random(854);
        var decoder = new TelnetDecoder();
        var recorder = new RecordingHandler();
        var chunk = new byte[512];
        var output = new byte[512];
        for (var round = 0; round < 2000; round++)
        {
            var length = random.Next(1, chunk.Length);
            random.NextBytes(chunk.AsSpan(0, length));
            // Plenty of IACs to reach every state.
            for (var i = 0; i < length; i += random.Next(1, 8))
            {
                chunk[i] = Iac;
            }

            var written = decoder.Decode(chunk.AsSpan(0, length), output, recorder);
            Assert.InRange(written, 0, length);
        }

        var afterGarbage = new List<byte>();
        // Whatever state garbage left, two IAC SE end any half sequence and data flows again.
        afterGarbage.AddRange(DecodeChunk(decoder, [Iac, TelnetCodes.Se, Iac, TelnetCodes.Se, (byte)'O', (byte)'K'], recorder));
        Assert.EndsWith("OK", System.Text.Encoding.ASCII.GetString(afterGarbage.ToArray()), StringComparison.Ordinal);
    }

    private static (byte[] Data, List<string> Events) DecodeAll(byte[] input)
    {
        var recorder = new RecordingHandler();
        var data = DecodeChunk(new TelnetDecoder(), input, recorder);
        return (data, recorder.Events);
    }

    private static byte[] DecodeChunk(TelnetDecoder decoder, byte[] input, ITelnetEventHandler handler)
    {
        var output = new byte[input.Length];
        var length = decoder.Decode(input, output, handler);
        return output[..length];
    }

    private sealed class RecordingHandler : ITelnetEventHandler
    {
        public List<string> Events { get; } = [];

        public void OnNegotiation(TelnetVerb verb, byte option) => Events.Add($"{verb.ToString().ToUpperInvariant()} {option}");

        public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload) =>
            Events.Add($"SB {option} {Convert.ToHexString(payload.ToArray()).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + "-" + b)}");

        public void OnCommand(byte command) => Events.Add($"CMD {command}");
    }
}
