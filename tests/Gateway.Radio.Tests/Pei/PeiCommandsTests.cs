using Gateway.Radio.Pei;

namespace Gateway.Radio.Tests.Pei;

public sealed class PeiCommandsTests
{
    [Fact]
    public void Start_up_sequence_routes_every_service_to_the_pei()
    {
        Assert.Equal(
            ["AT+CTOM=0", "AT+CTSP=2,0,0", "AT+CTSP=1,3,24", "AT+CTSP=1,3,25", "AT+CTSP=1,2,20", "AT+CTSP=1,3,130", "AT+CNUMF?", "AT+CMGS=?"],
            PeiCommands.StartUp);
    }

    [Fact]
    public void Commands_with_parameters()
    {
        Assert.Equal("AT+CTGS=1,09011638300000001", PeiCommands.SelectTalkgroup("09011638300000001"));
        Assert.Equal("AT+CTSDC=0,0,0,1,1,0,1,1,0,0,0", PeiCommands.CallSetup(PeiCallKind.Group, 0));
        Assert.Equal("AT+CTSDC=0,0,0,1,1,0,0,1,0,15,0", PeiCommands.CallSetup(PeiCallKind.IndividualSimplex, 15));
        Assert.Equal("AT+CTSDC=0,0,0,1,0,0,0,1,0,0,0", PeiCommands.CallSetup(PeiCallKind.IndividualDuplex, 0));
        Assert.Equal("ATD2001", PeiCommands.Dial("2001"));
        Assert.Equal("AT+CTXD=1,0", PeiCommands.TransmitDemand(1, PeiTxPriority.Low));
        Assert.Equal("AT+CTXD=12,3", PeiCommands.TransmitDemand(12, PeiTxPriority.Emergency));
        Assert.Equal("AT+CUTXC=12", PeiCommands.TransmitCease(12));
        Assert.Equal("AT+CMGS=2001,48", PeiCommands.SendSds("2001", 48));
        Assert.Equal("AT+CTSDS=12,0,0,0,1", PeiCommands.SelectSdsType4);
    }

    [Theory]
    [InlineData("")]
    [InlineData("20;01")]
    [InlineData("2001\rATH")]
    public void Identities_must_be_digits(string identity)
    {
        Assert.Throws<ArgumentException>(() => PeiCommands.Dial(identity));
        Assert.Throws<ArgumentException>(() => PeiCommands.SendSds(identity, 8));
    }

    [Fact]
    public void Span_writer_matches_the_string_builder_and_refuses_bad_identities()
    {
        Span<char> buffer = stackalloc char[32];
        Assert.True(PeiCommands.TryWriteSendSds(buffer, "2001", 48, out var written));
        Assert.Equal("AT+CMGS=2001,48", buffer[..written].ToString());
        Assert.False(PeiCommands.TryWriteSendSds(buffer, "20x1", 48, out _));
    }

    [Fact]
    public void Call_priority_is_range_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PeiCommands.CallSetup(PeiCallKind.Group, 16));
    }
}
