using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.IntegrationTests.Media.Support;
using Gateway.Sip.Sdp;

namespace Gateway.IntegrationTests.Media;

/// <summary>
/// <c>POST /api/calls/{id}/digits</c> on a bridged call whose callee did not negotiate telephone-event: what is refused
/// (400 bad input, 404 unknown or ended call, 409 leg without telephone-event, 401 without a token), what is accepted
/// (a dispatcher sending to the caller, whose phone receives the events), and that every request is audited.
/// </summary>
public sealed class CallDigitsApiTests
{
    private const byte TelephoneEvent = 101;

    [Fact]
    public async Task Digits_are_validated_refused_on_a_leg_without_telephone_event_sent_on_one_with_it_and_audited()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var caller = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        await using var callee = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma, telephoneEvent: false);
        await using var gateway = await LoopbackGatewayFixture.StartAsync(38400, [("", $"uri:sip:agent@127.0.0.1:{callee.SipPort}")], test.Token);
        using var callTaker = gateway.Api();
        using var dispatcher = gateway.Api(LoopbackGatewayFixture.DispatcherToken);
        using var anonymous = gateway.Api(token: null);
        var calleeAnswered = callee.AnswerNextCallAsync();
        await caller.CallAsync(gateway.SipPort, "12345", test.Token);
        await calleeAnswered.WaitAsync(test.Token);
        var id = gateway.ActiveCall(caller.CallId!).Id;
        var url = $"/api/calls/{id}/digits";

        foreach (var (body, mentions) in new (object Body, string Mentions)[]
        {
            (new { digits = "12x", leg = "caller" }, "digits"),
            (new { digits = "", leg = "caller" }, "digits"),
            (new { digits = new string('1', 33), leg = "caller" }, "digits"),
            (new { digits = "1", leg = "agent" }, "leg"),
            (new { digits = "1" }, "leg"),
            (new { digits = "1", leg = "caller", durationMs = 10 }, "durationMs"),
            (new { digits = "1", leg = "caller", durationMs = 6000 }, "durationMs"),
        })
        {
            var refused = await callTaker.PostAsJsonAsync(url, body, test.Token);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.StartsWith(mentions + ":", await ErrorOf(refused, test.Token));
        }

        var malformed = await callTaker.PostAsync(url, new StringContent("{digits:", System.Text.Encoding.UTF8, "application/json"), test.Token);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var unknown = await callTaker.PostAsJsonAsync("/api/calls/nosuchcall/digits", new { digits = "1", leg = "caller" }, test.Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no call", await ErrorOf(unknown, test.Token));

        var noEvents = await callTaker.PostAsJsonAsync(url, new { digits = "1", leg = "callee" }, test.Token);
        Assert.Equal(HttpStatusCode.Conflict, noEvents.StatusCode);
        Assert.Contains("telephone-event", await ErrorOf(noEvents, test.Token));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(url, new { digits = "1", leg = "caller" }, test.Token)).StatusCode);

        // A dispatcher may send too; the caller's phone receives the event (its three end packets).
        var accepted = await dispatcher.PostAsJsonAsync(url, new { digits = "7", leg = "caller" }, test.Token);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await caller.WaitForReceivedAsync(r => r.Count(p => p.PayloadType == TelephoneEvent && (p.Payload[1] & 0x80) != 0) == 3);
        Assert.All(caller.Received.Where(p => p.PayloadType == TelephoneEvent), p => Assert.Equal(7, p.Payload[0]));
        Assert.DoesNotContain(callee.Received, p => p.PayloadType == TelephoneEvent);

        caller.HangUp();
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        var ended = await callTaker.PostAsJsonAsync(url, new { digits = "1", leg = "caller" }, test.Token);
        Assert.Equal(HttpStatusCode.NotFound, ended.StatusCode);
        Assert.Contains("has ended", await ErrorOf(ended, test.Token));
        var sent = Assert.Single(record.Digits);
        Assert.Equal(("caller", "7", "sent"), (sent.Leg, sent.Digit, sent.Direction));

        // Every digits request is in the audit log with who asked and what they got.
        var audited = File.ReadAllLines(Path.Combine(gateway.DataDirectory, "audit.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("Target").GetString()!.EndsWith("/digits", StringComparison.Ordinal))
            .Select(e => (e.GetProperty("User").GetString(), e.GetProperty("Status").GetInt32()))
            .ToList();
        Assert.Equal(8, audited.Count(a => a == ("loopback-desk", 400)));
        Assert.Equal(2, audited.Count(a => a == ("loopback-desk", 404)));
        Assert.Contains(("loopback-desk", 409), audited);
        Assert.Contains(("anonymous", 401), audited);
        Assert.Contains(("loopback-dispatch", 202), audited);
    }

    [Fact]
    public async Task Digits_still_queued_when_the_caller_hangs_up_are_in_the_record_as_not_sent()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var caller = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        await using var callee = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        await using var gateway = await LoopbackGatewayFixture.StartAsync(38600, [("", $"uri:sip:agent@127.0.0.1:{callee.SipPort}")], test.Token);
        using var callTaker = gateway.Api();
        var calleeAnswered = callee.AnswerNextCallAsync();
        await caller.CallAsync(gateway.SipPort, "12345", test.Token);
        await calleeAnswered.WaitAsync(test.Token);
        var id = gateway.ActiveCall(caller.CallId!).Id;

        // Six one-second digits; the caller hangs up once the first has ended at its phone.
        var accepted = await callTaker.PostAsJsonAsync($"/api/calls/{id}/digits", new { digits = "123456", leg = "caller", durationMs = 1000 }, test.Token);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await caller.WaitForReceivedAsync(r => r.Count(p => p.PayloadType == TelephoneEvent && p.Payload[0] == 1 && (p.Payload[1] & 0x80) != 0) == 3);
        caller.HangUp();

        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        var sent = string.Concat(record.Digits.Where(d => d.Direction == "sent").Select(d => d.Digit));
        var notSent = string.Concat(record.Digits.Where(d => d.Direction == "not-sent").Select(d => d.Digit));
        Assert.All(record.Digits, d => Assert.Equal("caller", d.Leg));
        Assert.StartsWith("1", sent);
        Assert.NotEmpty(notSent);
        Assert.EndsWith(notSent, "123456");
        // What went out is a prefix, what never started the rest; at most the one on the wire at hang-up is neither.
        Assert.InRange("123456".Length - sent.Length - notSent.Length, 0, 1);
        Assert.StartsWith(sent, "123456");
        Assert.All(record.Digits.Where(d => d.Direction == "not-sent"), d => Assert.Equal(1000, d.DurationMs));
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("error").GetString()!;
    }
}
