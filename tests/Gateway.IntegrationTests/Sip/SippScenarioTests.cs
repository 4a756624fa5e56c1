namespace Gateway.IntegrationTests.Sip;

/// <summary>Single-call SIPp scenarios against the gateway: hold/unhold, UPDATE refresh, CANCEL after 180, missing ACK.</summary>
public sealed class SippScenarioTests
{
    private static async Task<(SippRunner.Result Result, SipGatewayFixture Gateway)> RunAsync(string scenario, string service, int rtpBase, int farEndPort = 0)
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var gateway = await SipGatewayFixture.StartAsync(farEndPort == 0 ? SippRunner.FreePort() : farEndPort, rtpBase, safetyNet.Token);
        var result = await SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario(scenario), "-s", service,
            "-p", SippRunner.FreePort().ToString(), "-mp", SippRunner.FreeMediaPort().ToString(), $"127.0.0.1:{gateway.Port(Gateway.Sip.Transport.SipTransportProtocol.Udp)}"], safetyNet.Token);
        return (result, gateway);
    }

    [Fact]
    public async Task Reinvite_hold_and_unhold_then_update_refresh_are_answered()
    {
        var (result, gateway) = await RunAsync("hold-refresh-uac.xml", "110", 45000);
        await using (gateway)
        {
            Assert.True(result.ExitCode == 0, result.Describe());
            var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
            Assert.NotNull(record.Answered);
            Assert.Equal(200, record.EndStatus);
        }
    }

    [Fact]
    public async Task Hold_and_unhold_from_the_caller_reach_the_far_end_as_reinvites_with_the_same_direction()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var farEndPort = SippRunner.FreePort();
        var farEnd = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("hold-agent-uas.xml"), "-p", farEndPort.ToString()], safetyNet.Token);
        var (caller, gateway) = await RunAsync("hold-refresh-uac.xml", "12345", 49000, farEndPort);
        await using (gateway)
        {
            Assert.True(caller.ExitCode == 0, "caller: " + caller.Describe());
            var far = await farEnd;
            // The far end checked a=sendonly in the first re-INVITE and a=sendrecv in the second.
            Assert.True(far.ExitCode == 0, "far end: " + far.Describe());
            var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
            Assert.NotNull(record.Answered);
        }
    }

    [Fact]
    public async Task Reliable_provisionals_go_to_a_caller_with_100rel_and_a_far_end_reliable_180_gets_our_prack()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var farEndPort = SippRunner.FreePort();
        var farEnd = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("prack-agent-uas.xml"), "-p", farEndPort.ToString()], safetyNet.Token);
        var (caller, gateway) = await RunAsync("prack-uac.xml", "12345", 50000, farEndPort);
        await using (gateway)
        {
            // The caller checked Require: 100rel, RSeq and our SDP on our 183 (local ringback while the far end rings), PRACKed
            // it 1.2 s later and got 200 for the PRACK.
            Assert.True(caller.ExitCode == 0, "caller: " + caller.Describe());
            var far = await farEnd;
            // The far end checked Supported: 100rel on our INVITE and our PRACK's RAck, and took the BYE after it.
            Assert.True(far.ExitCode == 0, "far end: " + far.Describe());
            // Until the PRACK came, our 183 was re-sent (at T1 = 0.5 s at least).
            var ringing = System.Text.RegularExpressions.Regex.Match(caller.Output, @"183 <-+\s+1\s+(\d+)");
            Assert.True(ringing.Success && int.Parse(ringing.Groups[1].Value) >= 1, caller.Output);
            var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
            Assert.NotNull(record.Answered);
        }
    }

    [Fact]
    public async Task Blind_transfer_by_refer_connects_the_caller_to_the_hotline_and_releases_the_transferor()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var farEndPort = SippRunner.FreePort();
        var hotlinePort = SippRunner.FreePort();
        var hotline = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("agent-uas.xml"), "-p", hotlinePort.ToString()], safetyNet.Token);
        var transferor = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("refer-agent-uas.xml"), "-s", "12345", "-p", farEndPort.ToString()],
            safetyNet.Token);
        await using var gateway = await SipGatewayFixture.StartAsync(farEndPort, 51000, safetyNet.Token,
            ["--Gateway:Sip:Routes:2:Prefix=12345", $"--Gateway:Sip:Routes:2:Target=uri:sip:hotline@127.0.0.1:{hotlinePort}"]);
        // The caller dials 200 (routed to the transferring far end) and stays 2 s, then hangs up.
        var caller = await SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("trunk-call-uac.xml"), "-s", "200", "-d", "2000",
            "-p", SippRunner.FreePort().ToString(), "-mp", SippRunner.FreeMediaPort().ToString(), $"127.0.0.1:{gateway.Port(Gateway.Sip.Transport.SipTransportProtocol.Udp)}"],
            safetyNet.Token);

        Assert.True(caller.ExitCode == 0, "caller: " + caller.Describe());
        // The transferor got 202, NOTIFY 100 then NOTIFY 200 (terminated), then our BYE.
        var referring = await transferor;
        Assert.True(referring.ExitCode == 0, "transferor: " + referring.Describe());
        // The hotline was called, answered, and got the caller's BYE through the gateway.
        var answeredHotline = await hotline;
        Assert.True(answeredHotline.ExitCode == 0, "hotline: " + answeredHotline.Describe());
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.NotNull(record.Answered);
        Assert.Equal(200, record.EndStatus);
    }

    [Fact]
    public async Task Blind_transfer_by_the_caller_connects_the_far_end_to_the_hotline_and_the_hotlines_bye_reaches_it()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var farEndPort = SippRunner.FreePort();
        var hotlinePort = SippRunner.FreePort();
        var hotline = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("hangup-agent-uas.xml"), "-p", hotlinePort.ToString()], safetyNet.Token);
        var farEnd = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("agent-uas.xml"), "-p", farEndPort.ToString()], safetyNet.Token);
        await using var gateway = await SipGatewayFixture.StartAsync(farEndPort, 53000, safetyNet.Token,
            ["--Gateway:Sip:Routes:2:Prefix=12345", $"--Gateway:Sip:Routes:2:Target=uri:sip:hotline@127.0.0.1:{hotlinePort}"]);
        var caller = await SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("refer-uac.xml"), "-s", "200",
            "-p", SippRunner.FreePort().ToString(), "-mp", SippRunner.FreeMediaPort().ToString(), $"127.0.0.1:{gateway.Port(Gateway.Sip.Transport.SipTransportProtocol.Udp)}"],
            safetyNet.Token);

        // The caller got 202, NOTIFY 100, NOTIFY 200 (terminated) and our BYE for its own leg.
        Assert.True(caller.ExitCode == 0, "caller: " + caller.Describe());
        // The hotline answered the transferred call and its BYE was answered.
        var answeredHotline = await hotline;
        Assert.True(answeredHotline.ExitCode == 0, "hotline: " + answeredHotline.Describe());
        // The far end stayed connected (to the hotline) until that BYE came through the gateway.
        var far = await farEnd;
        Assert.True(far.ExitCode == 0, "far end: " + far.Describe());
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.NotNull(record.Answered);
    }

    [Fact]
    public async Task Cancel_after_180_reaches_the_far_end_and_the_caller_gets_487()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var farEndPort = SippRunner.FreePort();
        var farEnd = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("agent-ringing-uas.xml"), "-p", farEndPort.ToString()], safetyNet.Token);
        var (caller, gateway) = await RunAsync("cancel-uac.xml", "12345", 46000, farEndPort);
        await using (gateway)
        {
            Assert.True(caller.ExitCode == 0, "caller: " + caller.Describe());
            var far = await farEnd;
            Assert.True(far.ExitCode == 0, "far end: " + far.Describe());
            var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
            Assert.Null(record.Answered);
            Assert.Equal(487, record.EndStatus);
        }
    }

    [Fact]
    public async Task A_caller_that_never_acks_is_cleared_by_bye_after_timer_h()
    {
        var (result, gateway) = await RunAsync("never-ack-uac.xml", "110", 47000);
        await using (gateway)
        {
            Assert.True(result.ExitCode == 0, result.Describe());
            var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
            Assert.StartsWith("AckTimeout", record.EndCause, StringComparison.Ordinal);
            Assert.Equal(408, record.EndStatus);
        }
    }
}
