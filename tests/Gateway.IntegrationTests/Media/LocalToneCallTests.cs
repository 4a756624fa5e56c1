using System.Net;
using System.Net.Http.Json;
using Gateway.IntegrationTests.Media.Support;
using Gateway.Sip.Call;
using Gateway.Sip.Sdp;

namespace Gateway.IntegrationTests.Media;

/// <summary>A call answered here with the test tone (<c>local:tone</c>), from our loopback phone.</summary>
public sealed class LocalToneCallTests
{
    private const byte TelephoneEvent = 101;

    [Fact]
    public async Task The_tone_call_takes_digits_from_the_api_and_its_record_keeps_the_leg_figures()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var phone = await LoopbackPhone.StartAsync(SdpPayloadType.Pcmu);
        await using var gateway = await LoopbackGatewayFixture.StartAsync(38800, [("110", "local:tone")], test.Token);
        using var api = gateway.Api();
        await phone.CallAsync(gateway.SipPort, "110", test.Token);
        var id = gateway.ActiveCall(phone.CallId!).Id;
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(test.Token);
        var audio = phone.StreamToneAsync(600, 4000, streaming.Token);
        await phone.WaitForPacketsAsync(20);

        var response = await api.PostAsJsonAsync($"/api/calls/{id}/digits", new { digits = "5", leg = "caller", durationMs = 200 }, test.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The event's three end packets (200 ms = 1600 samples), then the tone again.
        await phone.WaitForReceivedAsync(r => r.Count(p => p.PayloadType == TelephoneEvent && (p.Payload[1] & 0x80) != 0) == 3
            && r[^1].PayloadType == SdpPayloadType.Pcmu.Number);
        var events = phone.Received.Where(p => p.PayloadType == TelephoneEvent).ToList();
        Assert.All(events, p => Assert.Equal(5, p.Payload[0]));
        Assert.Single(events.Select(p => p.Timestamp).Distinct());
        Assert.Equal(1600, (events[^1].Payload[2] << 8) | events[^1].Payload[3]);

        await streaming.CancelAsync();
        await audio;
        int heard = phone.Received.Count;
        await phone.WaitForPacketsAsync(heard + 3);   // our last packets are in the gateway before the BYE
        phone.HangUp();
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.Equal("local:tone", record.Route);
        var sent = Assert.Single(record.Digits);
        Assert.Equal(("caller", "5", 200, CallDigit.Sent), (sent.Leg, sent.Digit, sent.DurationMs, sent.Direction));
        // The leg's figures: every packet the phone sent received, none lost; at least what the phone got was sent.
        var leg = Assert.Single(record.Media);
        Assert.Equal("caller", leg.Leg);
        Assert.Equal(phone.Sent, leg.Statistics.PacketsReceived);
        Assert.Equal(0, leg.Statistics.PacketsLost);
        Assert.InRange(leg.Statistics.PacketsSent, phone.Received.Count, long.MaxValue);
    }
}
