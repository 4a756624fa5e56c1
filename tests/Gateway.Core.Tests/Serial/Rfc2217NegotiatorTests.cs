using Gateway.Core.Serial;
using Gateway.Core.Serial.Rfc2217;

namespace Gateway.Core.Tests.Serial;

public sealed class Rfc2217NegotiatorTests
{
    [Fact]
    public void Opening_offers_binary_sga_and_com_port()
    {
        var negotiator = new Rfc2217Negotiator();

        negotiator.WriteOpening();

        Assert.Equal(
            new byte[] { 255, 251, 0, 255, 253, 0, 255, 251, 3, 255, 253, 3, 255, 251, 44 },
            negotiator.PendingOutput.ToArray());
    }

    [Fact]
    public void Server_do_com_port_accepts_without_answering_twice()
    {
        var negotiator = new Rfc2217Negotiator();
        negotiator.WriteOpening();
        negotiator.ClearPendingOutput();
        bool? decided = null;
        negotiator.ComPortDecided += accepted => decided = accepted;

        negotiator.OnNegotiation(TelnetVerb.Do, TelnetCodes.OptionComPort);
        negotiator.OnNegotiation(TelnetVerb.Do, TelnetCodes.OptionBinary);
        negotiator.OnNegotiation(TelnetVerb.Will, TelnetCodes.OptionBinary);

        Assert.True(decided);
        Assert.True(negotiator.ComPortAccepted);
        // Already offered: answering again would start a negotiation loop.
        Assert.True(negotiator.PendingOutput.IsEmpty);
    }

    [Fact]
    public void Server_dont_com_port_refuses()
    {
        var negotiator = new Rfc2217Negotiator();
        negotiator.WriteOpening();

        negotiator.OnNegotiation(TelnetVerb.Dont, TelnetCodes.OptionComPort);

        Assert.False(negotiator.ComPortAccepted);
    }

    [Fact]
    public void Unknown_options_are_refused_once()
    {
        var negotiator = new Rfc2217Negotiator();

        negotiator.OnNegotiation(TelnetVerb.Do, 24);
        negotiator.OnNegotiation(TelnetVerb.Do, 24);
        negotiator.OnNegotiation(TelnetVerb.Will, 1);

        Assert.Equal(new byte[] { 255, 252, 24, 255, 254, 1 }, negotiator.PendingOutput.ToArray());
    }

    [Fact]
    public void Notify_modemstate_raises_input_lines_only_on_change()
    {
        var negotiator = new Rfc2217Negotiator();
        var seen = new List<ModemInputLines>();
        negotiator.InputLinesChanged += seen.Add;

        negotiator.OnSubnegotiation(44, [107, 0x11]);
        negotiator.OnSubnegotiation(44, [107, 0x10]);
        negotiator.OnSubnegotiation(44, [107, 0xA2]);
        negotiator.OnSubnegotiation(44, [107]);
        negotiator.OnSubnegotiation(24, [107, 0x00]);

        Assert.Equal([ModemInputLines.Cts, ModemInputLines.Dsr | ModemInputLines.Dcd], seen);
        Assert.Equal(ModemInputLines.Dsr | ModemInputLines.Dcd, negotiator.InputLines);
    }

    [Fact]
    public void Server_confirmations_are_reported_with_the_client_code()
    {
        var negotiator = new Rfc2217Negotiator();
        var replies = new List<(byte, byte[])>();
        negotiator.ComPortReplyReceived += (command, value) => replies.Add((command, value));

        negotiator.OnSubnegotiation(44, [105, 11]);

        var reply = Assert.Single(replies);
        Assert.Equal(ComPortCodes.SetControl, reply.Item1);
        Assert.Equal(new byte[] { 11 }, reply.Item2);
    }
}
