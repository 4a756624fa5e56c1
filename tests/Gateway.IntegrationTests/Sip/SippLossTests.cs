using System.Net;
using Gateway.IntegrationTests.Sip.Support;
using Gateway.Sip.Transport;

namespace Gateway.IntegrationTests.Sip;

/// <summary>SIPp caller → 10 % loss → gateway → 10 % loss → SIPp far end: every call completes through retransmissions.</summary>
public sealed class SippLossTests
{
    private const int Calls = 200;

    [Fact]
    public async Task Two_hundred_calls_through_ten_percent_loss_each_way_all_complete()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var farEndPort = SippRunner.FreePort();
        await using var calleeHop = new UdpLossShim(new IPEndPoint(IPAddress.Loopback, farEndPort), dropRate: 0.10, seed: 3262);
        await using var gateway = await SipGatewayFixture.StartAsync(calleeHop.FrontEndPoint.Port, 52000, safetyNet.Token);
        await using var callerHop = new UdpLossShim(new IPEndPoint(IPAddress.Loopback, gateway.Port(SipTransportProtocol.Udp)), dropRate: 0.10, seed: 3261);

        var farEnd = SippRunner.RunAsync([.. SippRunner.Bounded(Calls), "-sf", SippRunner.Scenario("lossy-agent-uas.xml"),
            "-p", farEndPort.ToString(), "-key", "shim", calleeHop.FrontEndPoint.ToString()], safetyNet.Token);
        var caller = await SippRunner.RunAsync([.. SippRunner.Bounded(Calls), "-sf", SippRunner.Scenario("lossy-trunk-call-uac.xml"),
            "-s", "12345", "-r", "40", "-p", SippRunner.FreePort().ToString(), "-key", "shim", callerHop.BackEndPoint.ToString(),
            callerHop.FrontEndPoint.ToString()], safetyNet.Token);
        var far = await farEnd;

        Assert.True(caller.ExitCode == 0 && far.ExitCode == 0, "caller: " + caller.Describe() + "\nfar end: " + far.Describe());
        var records = await gateway.WaitForRecordsAsync(Calls);
        var unanswered = records.Where(r => r.Answered is null || r.EndStatus != 200).Select(r => $"{r.CallId}: {r.EndStatus} {r.EndCause}").ToList();
        Assert.True(unanswered.Count == 0, string.Join("\n", unanswered));
        Assert.Equal(Calls, records.Count);
        // The hops really lost packets in both directions, so retransmissions did the work.
        Assert.True(callerHop.Dropped > Calls / 10 && calleeHop.Dropped > Calls / 10, $"dropped {callerHop.Dropped} / {calleeHop.Dropped}");
    }
}
