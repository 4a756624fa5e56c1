using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Tests.Conformance;

namespace Gateway.Sip.Tests.Message;

/// <summary>Random mutations of valid messages: parser, typed accessors and validator must never throw.</summary>
public sealed class SipParserFuzzTests
{
    private static readonly byte[] Interesting = "\r\n \t:;,<>\"\\%@=/?[]0-9zZ\0\u00ff"u8.ToArray();

    [Theory]
    [InlineData(SipFraming.Datagram)]
    [InlineData(SipFraming.Stream)]
    public void Mutated_messages_never_throw(SipFraming framing)
    {
        var random = new Random(4475 + (int)framing);
        var seeds = Seeds();
        var parser = new SipMessageParser();
        var validator = new SipRequestValidator();
        var outcomes = new HashSet<SipParseError>();

        for (var iteration = 0; iteration < 8_000; iteration++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], random);
            var result = parser.Parse(input, framing);
            outcomes.Add(result.Error);
            var verdict = validator.Validate(result);
            Assert.True(Enum.IsDefined(verdict.Kind));
            if (result.Message is { } message)
            {
                Touch(message);
                if (verdict.Kind == SipVerdictKind.Reply) Assert.NotEmpty(SipMessageSerializer.ToBytes(SipResponseFactory.Create((SipRequest)message, verdict)));
            }
        }

        // The mutations reach both success and several failure paths.
        Assert.Contains(SipParseError.None, outcomes);
        Assert.True(outcomes.Count >= 4, string.Join(",", outcomes));
    }

    private static void Touch(SipMessage message)
    {
        _ = message.TopVia;
        _ = message.GetVias();
        _ = message.From;
        _ = message.To;
        _ = message.CSeq;
        _ = message.CallId;
        _ = message.MaxForwards;
        _ = message.ContentType;
        if (message is SipRequest request) _ = request.RequestUri;
        foreach (var header in message.Headers) _ = header.ValueText;
        _ = SipMessageSerializer.ToBytes(message);
    }

    private static byte[][] Seeds()
    {
        var files = Directory.GetFiles(ConformanceDirectory.Rfc4475, "*.dat").Select(File.ReadAllBytes);
        return files.Append(SipSamples.TrunkInviteBytes).ToArray();
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var mutations = random.Next(1, 6);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 1: bytes.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                case 2: bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at)); break;
                case 3: bytes[at] = (byte)random.Next(256); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return bytes.ToArray();
    }
}
