using Gateway.Radio.Pei;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Radio.Tests.Pei;

public sealed class PeiCallTests
{
    private static PeiCall NewCall(PeiCallDirection direction = PeiCallDirection.Outgoing) =>
        new(direction, "2001", isGroupCall: false, new FakeTimeProvider(), NullLogger.Instance);

    [Fact]
    public void Outgoing_call_goes_setup_connected_transmitting_receiving_released()
    {
        var call = NewCall();
        var seen = new List<PeiCallState>();
        call.StateChanged += (_, t) => seen.Add(t.To);

        call.MarkDialing();
        Assert.True(call.Apply(new PeiCallProgress(1, 2, 0)));
        Assert.Equal(1, call.CcInstance);
        Assert.True(call.Apply(new PeiCallConnected(1, 1, 1, 0)));
        Assert.True(call.Apply(new PeiTransmitGrant(1, PeiTxGrant.Granted, 0, null)));
        call.MarkTransmitEnded("AT+CUTXC");
        Assert.True(call.Apply(new PeiTransmitGrant(1, PeiTxGrant.GrantedToAnother, 0, "2001")));
        Assert.Equal("2001", call.TalkingParty);
        Assert.True(call.Apply(new PeiDownTransmissionCeased(1, 0)));
        Assert.True(call.Apply(new PeiCallReleased(1, PeiDisconnectCause.UserRequest)));

        Assert.Equal(
            [PeiCallState.Setup, PeiCallState.Connected, PeiCallState.Transmitting, PeiCallState.Connected, PeiCallState.Receiving, PeiCallState.Connected, PeiCallState.Released],
            seen);
        Assert.Equal(PeiDisconnectCause.UserRequest, call.DisconnectCause);
        Assert.Equal(seen.Count, call.Transitions.Count);
        Assert.Contains("+CTCR", call.Transitions[^1].Cause);
    }

    [Fact]
    public void Incoming_group_call_connects_implicitly_on_a_grant_to_another()
    {
        var call = NewCall(PeiCallDirection.Incoming);
        call.MarkOffered();

        call.Apply(new PeiTransmitGrant(3, PeiTxGrant.GrantedToAnother, 0, "2002"));

        Assert.Equal(PeiCallState.Receiving, call.State);
        Assert.Equal([PeiCallState.Alerting, PeiCallState.Receiving], call.Transitions.Select(t => t.To));
    }

    [Fact]
    public void Incoming_call_answered_then_interrupted_while_transmitting()
    {
        var call = NewCall(PeiCallDirection.Incoming);
        call.MarkOffered();
        call.MarkAnswered();
        call.Apply(new PeiTransmitGrant(1, PeiTxGrant.Granted, 0, null));

        Assert.True(call.Apply(new PeiTransmitInterrupt(1)));

        Assert.Equal(PeiCallState.Connected, call.State);
    }

    [Fact]
    public void Refused_and_queued_grants_keep_the_call_up_without_transmitting()
    {
        var call = NewCall();
        call.MarkDialing();
        call.Apply(new PeiCallConnected(1, 1, 1, 0));

        call.Apply(new PeiTransmitGrant(1, PeiTxGrant.NotGranted, 0, null));
        call.Apply(new PeiTransmitGrant(1, PeiTxGrant.Queued, 0, null));

        Assert.Equal(PeiCallState.Connected, call.State);
    }

    [Fact]
    public void Released_is_final()
    {
        var call = NewCall();
        call.MarkDialing();
        call.Apply(new PeiCallReleased(1, PeiDisconnectCause.CalledPartyBusy));

        Assert.False(call.Apply(new PeiCallConnected(1, 1, 1, 0)));
        Assert.False(call.Apply(new PeiTransmitGrant(1, PeiTxGrant.Granted, 0, null)));
        Assert.Equal(PeiCallState.Released, call.State);
        Assert.Equal(PeiDisconnectCause.CalledPartyBusy, call.DisconnectCause);
        Assert.False(call.IsActive);
    }

    [Fact]
    public void Urcs_that_do_not_fit_the_state_are_ignored()
    {
        var call = NewCall();
        Assert.False(call.Apply(new PeiTransmitGrant(1, PeiTxGrant.Granted, 0, null))); // idle
        call.MarkDialing();
        Assert.False(call.Apply(new PeiDownTransmissionCeased(1, 0)));   // not receiving
        Assert.False(call.Apply(new PeiTransmitInterrupt(1)));           // not transmitting
        Assert.Equal(PeiCallState.Setup, call.State);
        Assert.Throws<InvalidOperationException>(call.MarkAnswered);     // not alerting
    }
}
