using Gateway.Sip.Transport;

namespace Gateway.IntegrationTests.Sip;

/// <summary>SIPp trunk caller → gateway (B2BUA) → SIPp far end, over UDP and TCP, plus single-message scenarios.</summary>
public sealed class SippB2buaTests
{
    private static async Task<(SippRunner.Result Caller, SippRunner.Result FarEnd, SipGatewayFixture Gateway)> RunCallsAsync(
        SipTransportProtocol protocol, int calls, int rate, int rtpBase)
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var farEndPort = SippRunner.FreePort();
        var transport = protocol == SipTransportProtocol.Tcp ? "t1" : "u1";
        var gateway = await SipGatewayFixture.StartAsync(farEndPort, rtpBase, safetyNet.Token);
        var farEnd = SippRunner.RunAsync([.. SippRunner.Bounded(calls), "-t", transport, "-sf", SippRunner.Scenario("agent-uas.xml"),
            "-p", farEndPort.ToString(), "-buff_size", "1048576"], safetyNet.Token);
        var caller = await SippRunner.RunAsync([.. SippRunner.Bounded(calls), "-t", transport, "-sf", SippRunner.Scenario("trunk-call-uac.xml"),
            "-s", "12345", "-r", rate.ToString(), "-p", SippRunner.FreePort().ToString(), "-buff_size", "1048576", "-mp", SippRunner.FreeMediaPort().ToString(),
            $"127.0.0.1:{gateway.Port(protocol)}"], safetyNet.Token);
        return (caller, await farEnd, gateway);
    }

    [Fact]
    public async Task Two_thousand_calls_at_100_per_second_over_udp_all_complete()
    {
        var (caller, farEnd, gateway) = await RunCallsAsync(SipTransportProtocol.Udp, 2000, 100, 30000);
        await using (gateway)
        {
            Assert.True(caller.ExitCode == 0, "caller: " + caller.Describe());
            Assert.True(farEnd.ExitCode == 0, "far end: " + farEnd.Describe());
            var records = await gateway.WaitForRecordsAsync(2000);
            Assert.Equal(2000, records.Count(r => r.Answered is not null && r.EndStatus == 200));
        }
    }

    [Fact]
    public async Task Five_hundred_calls_over_tcp_all_complete()
    {
        var (caller, farEnd, gateway) = await RunCallsAsync(SipTransportProtocol.Tcp, 500, 100, 36000);
        await using (gateway)
        {
            Assert.True(caller.ExitCode == 0, "caller: " + caller.Describe());
            Assert.True(farEnd.ExitCode == 0, "far end: " + farEnd.Describe());
            Assert.Equal(500, (await gateway.WaitForRecordsAsync(500)).Count(r => r.Answered is not null));
        }
    }

    [Fact]
    public async Task Calls_to_110_are_answered_here_with_a_tone_and_records_say_so()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 42000, safetyNet.Token);
        var caller = await SippRunner.RunAsync([.. SippRunner.Bounded(5), "-sf", SippRunner.Scenario("trunk-call-uac.xml"), "-s", "110", "-d", "200",
            "-p", SippRunner.FreePort().ToString(), "-mp", SippRunner.FreeMediaPort().ToString(), $"127.0.0.1:{gateway.Port(SipTransportProtocol.Udp)}"], safetyNet.Token);
        Assert.True(caller.ExitCode == 0, caller.Describe());
        var records = await gateway.WaitForRecordsAsync(5);
        Assert.Equal(5, records.Count);
        Assert.All(records, r => Assert.Equal("local:tone", r.Route));
    }

    [Fact]
    public async Task Options_is_answered_200_with_allow()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 43000, safetyNet.Token);
        var result = await SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("options-uac.xml"), "-s", "110",
            "-p", SippRunner.FreePort().ToString(), $"127.0.0.1:{gateway.Port(SipTransportProtocol.Udp)}"], safetyNet.Token);
        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public async Task Require_foo_gets_420_naming_foo_as_unsupported()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 44000, safetyNet.Token);
        var result = await SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("require-foo-uac.xml"), "-s", "110",
            "-p", SippRunner.FreePort().ToString(), $"127.0.0.1:{gateway.Port(SipTransportProtocol.Udp)}"], safetyNet.Token);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Empty(gateway.Stack.Calls!.Records.Snapshot());
    }
}
