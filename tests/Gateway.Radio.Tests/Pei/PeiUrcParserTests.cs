using Gateway.Radio.Pei;

namespace Gateway.Radio.Tests.Pei;

public sealed class PeiUrcParserTests
{
    [Fact]
    public void Incoming_call_fields_are_read()
    {
        var urc = Assert.IsType<PeiIncomingCall>(PeiUrcParser.Parse("+CTICN: 1,0,0,4,1002,1,1,0,1,1,0,1000,1"));

        Assert.Equal(1, urc.CcInstance);
        Assert.Equal(0, urc.CallStatus);
        Assert.Equal(0, urc.AiService);
        Assert.Equal("1002", urc.CallingIdentity);
        Assert.Equal(1, urc.CommsType);
        Assert.True(urc.IsGroupCall);
        Assert.Equal("1000", urc.CalledIdentity);
        Assert.Equal(1, urc.Priority);
    }

    [Fact]
    public void Incoming_call_with_only_mandatory_fields_parses()
    {
        var urc = Assert.IsType<PeiIncomingCall>(PeiUrcParser.Parse("+CTICN: 3,0,0"));
        Assert.Equal(3, urc.CcInstance);
        Assert.Null(urc.CallingIdentity);
        Assert.False(urc.IsGroupCall);
    }

    [Fact]
    public void Call_progress_connected_grant_ceased_released()
    {
        Assert.Equal(new PeiCallProgress(2, 2, 0), PeiUrcParser.Parse("+CTOCP: 2,2,0,1,1,0,1,1"));
        Assert.Equal(new PeiCallConnected(2, 1, 1, 0), PeiUrcParser.Parse("+CTCC: 2,1,1,0,0,1,1"));
        Assert.Equal(new PeiTransmitGrant(1, PeiTxGrant.GrantedToAnother, 0, "09011638300023404"), PeiUrcParser.Parse("+CTXG: 1,3,0,0,3,09011638300023404"));
        Assert.Equal(new PeiTransmitGrant(1, PeiTxGrant.Granted, 0, null), PeiUrcParser.Parse("+CTXG: 1,0,0,0"));
        Assert.Equal(new PeiDownTransmissionCeased(1, 0), PeiUrcParser.Parse("+CDTXC: 1,0"));
        Assert.Equal(new PeiCallReleased(1, PeiDisconnectCause.TimerExpiry), PeiUrcParser.Parse("+CTCR: 1,13"));
        Assert.Equal(new PeiCallReleased(4, PeiDisconnectCause.PreEmption), PeiUrcParser.Parse("+CTCR: 4,9"));
        Assert.Equal(new PeiTransmitInterrupt(5), PeiUrcParser.Parse("+CTXI: 5,1,0"));
        Assert.Equal(new PeiTransmitWait(5), PeiUrcParser.Parse("+CTXW: 5,0"));
    }

    [Theory]
    [InlineData("+CTSDSR: 12,23404,0,23401,0,112", "23404", "23401", 112)]
    [InlineData("+CTSDSR: 12,23404,0,23401,0,112,0", "23404", "23401", 112)]
    [InlineData("+CTSDSR: 13,23401,0,16", null, "23401", 16)]
    [InlineData("+CTSDSR: 13,23401,16", null, "23401", 16)]
    public void Sds_header_forms_are_read(string line, string? from, string to, int bits)
    {
        var urc = Assert.IsType<PeiSdsHeader>(PeiUrcParser.Parse(line));
        Assert.Equal(from, urc.CallingIdentity);
        Assert.Equal(to, urc.CalledIdentity);
        Assert.Equal(bits, urc.LengthBits);
    }

    [Fact]
    public void Sds_send_result_and_own_identity()
    {
        Assert.Equal(new PeiSdsSendResult(0, 4, 65), PeiUrcParser.Parse("+CMGS: 0,4,65"));
        Assert.Equal(new PeiSdsSendResult(0, null, null), PeiUrcParser.Parse("+CMGS: 0"));
        Assert.Equal(new PeiOwnIdentity(6, "09011638300023404"), PeiUrcParser.Parse("+CNUMF: 6,09011638300023404"));
        Assert.Equal(new PeiOwnIdentity(0, "1001"), PeiUrcParser.Parse("+CNUMF: 0,\"1001\""));
    }

    [Theory]
    [InlineData("+CTICN: x,0,0", "+CTICN")]
    [InlineData("+CTICN:", "+CTICN")]
    [InlineData("+CTOCP: 1", "+CTOCP")]
    [InlineData("+CTCC: ", "+CTCC")]
    [InlineData("+CTXG: 1", "+CTXG")]
    [InlineData("+CTXG: 1,7,0,0", "+CTXG")]
    [InlineData("+CTXG: -1,0", "+CTXG")]
    [InlineData("+CDTXC: a", "+CDTXC")]
    [InlineData("+CTCR: 1", "+CTCR")]
    [InlineData("+CTCR: 1,99999999999", "+CTCR")]
    [InlineData("+CTXI: ", "+CTXI")]
    [InlineData("+CTXW: ,", "+CTXW")]
    [InlineData("+CTSDSR: 12,1,2,3,4", "+CTSDSR")]
    [InlineData("+CTSDSR: 12,abc,0,1001,0,32", "+CTSDSR")]
    [InlineData("+CTSDSR: 12,1000,0,1001,0,0", "+CTSDSR")]
    [InlineData("+CTSDSR: 12,1000,0,1001,0,99999", "+CTSDSR")]
    [InlineData("+CTSDSR: x", "+CTSDSR")]
    [InlineData("+CMGS: (0-2047)", "+CMGS")]
    [InlineData("+CNUMF: 6", "+CNUMF")]
    [InlineData("+CNUMF: 6,12a4", "+CNUMF")]
    public void Malformed_known_codes_are_typed_not_thrown(string line, string code)
    {
        var urc = Assert.IsType<PeiMalformedUrc>(PeiUrcParser.Parse(line));
        Assert.Equal(code, urc.Code);
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("")]
    [InlineData("+CSQ: 20,99")]
    [InlineData("+CTICN 1,0,0")]
    [InlineData("82100001")]
    public void Other_lines_are_not_urcs(string line)
    {
        Assert.Same(PeiNotUrc.Instance, PeiUrcParser.Parse(line));
    }

    [Fact]
    public void Over_long_line_is_malformed()
    {
        Assert.IsType<PeiMalformedUrc>(PeiUrcParser.Parse("+CTICN: " + new string('1', 600)));
    }

    [Fact]
    public void Random_lines_never_throw()
    {
        var random = new Random(42);
        string[] prefixes = ["+CTICN: ", "+CTOCP: ", "+CTCC: ", "+CTXG: ", "+CDTXC: ", "+CTCR: ", "+CTXI: ", "+CTXW: ", "+CTSDSR: ", "+CMGS: ", "+CNUMF: ", "+", ""];
        const string alphabet = "0123456789,,,\" -+:abcXYZ\u706B\r";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(60)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            Assert.NotNull(PeiUrcParser.Parse(prefixes[random.Next(prefixes.Length)] + new string(chars)));
        }
    }
}
