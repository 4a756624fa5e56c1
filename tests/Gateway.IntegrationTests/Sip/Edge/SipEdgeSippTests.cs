using Gateway.Sip.Transport;

namespace Gateway.IntegrationTests.Sip.Edge;

/// <summary>
/// The SIP edge in the running gateway against SIPp: digest both ways with a trunk, 403 for unknown sources, and an
/// INVITE flood from a phone rate-limited while a trunk's calls complete. Sources are told apart by loopback
/// address: the trunk is 127.0.0.1, a phone 127.0.0.5, a stranger 127.0.0.9.
/// </summary>
public sealed class SipEdgeSippTests
{
    private const string Phone = "127.0.0.5";
    private const string Stranger = "127.0.0.9";

    private static IEnumerable<string> Call(int calls, string scenario, string service, int gatewayPort, string fromAddress = "127.0.0.1") =>
        [.. SippRunner.Bounded(calls), "-i", fromAddress, "-sf", SippRunner.Scenario(scenario), "-s", service,
         "-p", SippRunner.FreePort().ToString(), "-mp", SippRunner.FreeMediaPort().ToString(), $"127.0.0.1:{gatewayPort}"];

    [Fact]
    public async Task Trunk_that_challenges_our_invite_gets_digest_credentials_and_the_call_completes()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var trunkPort = SippRunner.FreePort();
        await using var gateway = await SipGatewayFixture.StartAsync(trunkPort, 52000, safetyNet.Token,
            "--Gateway:Sip:Trunks:0:Host=127.0.0.1", $"--Gateway:Sip:Trunks:0:Port={trunkPort}",
            "--Gateway:Sip:Trunks:0:OutboundAuth:Username=gw110", "--Gateway:Sip:Trunks:0:OutboundAuth:Password=trunk-secret");
        var trunk = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("trunk-challenge-uas.xml"), "-p", trunkPort.ToString()], safetyNet.Token);

        var caller = await SippRunner.RunAsync(Call(1, "trunk-call-uac.xml", "0574123", gateway.Port(SipTransportProtocol.Udp)), safetyNet.Token);

        Assert.True(caller.ExitCode == 0, "caller: " + caller.Describe());
        var far = await trunk;
        Assert.True(far.ExitCode == 0, "challenging trunk: " + far.Describe());
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.NotNull(record.Answered);
        Assert.Equal(200, record.EndStatus);
        Assert.Equal("0574123", record.CalledNumber);
        Assert.Equal("13800001", record.CallerNumber);
    }

    [Fact]
    public async Task Trunk_with_inbound_digest_admits_an_authenticating_caller_and_challenges_one_without_credentials()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 53000, safetyNet.Token,
            "--Gateway:Sip:Trunks:0:Name=carrier",
            "--Gateway:Sip:Trunks:0:InboundAuth:Username=carrier", "--Gateway:Sip:Trunks:0:InboundAuth:Password=in-secret",
            "--Gateway:Sip:Trunks:0:InboundAuth:Algorithms:0=MD5");
        var port = gateway.Port(SipTransportProtocol.Udp);

        var withCredentials = await SippRunner.RunAsync([.. Call(1, "trunk-auth-call-uac.xml", "110", port), "-au", "carrier", "-ap", "in-secret",
            "-auth_uri", $"110@127.0.0.1:{port}"], safetyNet.Token);
        var withoutCredentials = await SippRunner.RunAsync(Call(1, "challenged-uac.xml", "110", port), safetyNet.Token);

        Assert.True(withCredentials.ExitCode == 0, "authenticating caller: " + withCredentials.Describe());
        Assert.True(withoutCredentials.ExitCode == 0, "caller without credentials: " + withoutCredentials.Describe());
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.Equal("carrier", record.Peer);
        Assert.NotNull(record.Answered);
        Assert.Equal("local:tone", record.Route);
    }

    [Fact]
    public async Task Trunk_caller_number_comes_from_p_asserted_identity_and_is_kept_but_marked_withheld()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 58000, safetyNet.Token);

        var caller = await SippRunner.RunAsync(Call(1, "trunk-call-pai-uac.xml", "110", gateway.Port(SipTransportProtocol.Udp)), safetyNet.Token);

        Assert.True(caller.ExitCode == 0, caller.Describe());
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.Equal(("+8613912345678", true, "110"), (record.CallerNumber, record.CallerWithheld, record.CalledNumber));
    }

    [Fact]
    public async Task Unknown_source_gets_403_and_no_call()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 54000, safetyNet.Token);
        using var refusals = new EdgeRefusalCounter(gateway.App);

        var stranger = await SippRunner.RunAsync(Call(3, "forbidden-uac.xml", "110", gateway.Port(SipTransportProtocol.Udp), Stranger), safetyNet.Token);

        Assert.True(stranger.ExitCode == 0, stranger.Describe());
        Assert.Equal(3, refusals["unknown_source"]);
        Assert.Empty(gateway.Stack.Calls!.Records.Snapshot());
        Assert.Equal(0, gateway.Stack.Calls.ActiveCalls);
    }

    [Fact]
    public async Task Invite_flood_from_a_phone_is_rate_limited_while_trunk_calls_complete()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 55000, safetyNet.Token,
            "--Gateway:Sip:Phones:0:Username=2001", "--Gateway:Sip:Phones:0:Password=pw", "--Gateway:Sip:DigestAlgorithms:0=MD5",
            "--Gateway:Sip:Inbound:InvitesPerSecond=0.1", "--Gateway:Sip:Inbound:InviteBurst=3");
        using var refusals = new EdgeRefusalCounter(gateway.App);
        var port = gateway.Port(SipTransportProtocol.Udp);

        var flood = SippRunner.RunAsync([.. Call(60, "phone-flood-uac.xml", "110", port, Phone), "-r", "60", "-au", "2001", "-ap", "pw"], safetyNet.Token);
        var trunk = SippRunner.RunAsync([.. Call(20, "trunk-call-uac.xml", "110", port), "-r", "20", "-d", "200"], safetyNet.Token);
        var (floodResult, trunkResult) = (await flood, await trunk);

        Assert.True(floodResult.ExitCode == 0, "flood: " + floodResult.Describe());
        Assert.True(trunkResult.ExitCode == 0, "trunk: " + trunkResult.Describe());
        var records = await gateway.WaitForRecordsAsync(20);
        Assert.Equal(20, records.Count(r => r.Answered is not null && r.Peer == "sipp"));
        // 60 INVITEs against a budget of 3 + one per 10 s (slow refill, so a loaded machine cannot blur it): the
        // first few are challenged (407), the rest refused with 503.
        Assert.InRange(refusals["challenged"], 3, 9);
        Assert.InRange(refusals["rate_limited"], 51, 57);
        Assert.Equal(60, refusals["rate_limited"] + refusals["challenged"]);
    }
}
