using Gateway.Sip.Call;
using Gateway.Sip.Security;
using Gateway.Sip.Transport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Sip.Edge;

/// <summary>
/// baresip as a call-taker's phone on the running gateway: it registers with digest (MD5: baresip 1.0 cannot do
/// SHA-256), a trunk call to its number is routed to it ("user:2001") and auto-answered, and it calls out
/// through a route (110, answered by the gateway), authenticating its INVITE with digest. The trunk (SIPp) sends
/// from 127.0.0.2 so the phone on 127.0.0.1 is not mistaken for it.
/// </summary>
public sealed class BaresipThroughGatewayTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Baresip_registers_with_digest_takes_a_routed_trunk_call_and_calls_out_through_a_route()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 56000, safetyNet.Token,
            "--Gateway:Sip:Trunks:0:Sources:0=127.0.0.2",
            "--Gateway:Sip:Phones:0:Username=2001", "--Gateway:Sip:Phones:0:Password=s3cret", "--Gateway:Sip:DigestAlgorithms:0=MD5",
            "--Gateway:Sip:Routes:2:Prefix=2001", "--Gateway:Sip:Routes:2:Target=user:2001");
        var registrar = gateway.App.Services.GetRequiredService<SipEdge>().Registrar;
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        registrar.BindingsChanged += user =>
        {
            if (user == "2001" && registrar.Lookup("2001").Count > 0) registered.TrySetResult();
        };
        var port = gateway.Port(SipTransportProtocol.Udp);

        await using var phone = await BaresipPhone.StartAsync("2001", "s3cret", port, safetyNet.Token);
        try
        {
            await registered.Task.WaitAsync(safetyNet.Token);

            // A trunk call to 2001 reaches the phone, which answers by itself; the caller hangs up after a second.
            var caller = await SippRunner.RunAsync([.. SippRunner.Bounded(1), "-i", "127.0.0.2", "-sf", SippRunner.Scenario("trunk-call-uac.xml"), "-s", "2001",
                "-d", "1000", "-p", SippRunner.FreePort().ToString(), "-mp", SippRunner.FreeMediaPort().ToString(), $"127.0.0.1:{port}"], safetyNet.Token);
            Assert.True(caller.ExitCode == 0, "trunk caller: " + caller.Describe());
            var inbound = Assert.Single(await gateway.WaitForRecordsAsync(1));
            Assert.Equal(("user:2001", "sipp", 200), (inbound.Route, inbound.Peer, inbound.EndStatus));
            Assert.NotNull(inbound.Answered);

            // The phone dials 110: its INVITE is challenged (407), retried with credentials and answered here.
            await phone.CommandAsync("dial", $"sip:110@127.0.0.1:{port}", safetyNet.Token);
            await phone.WaitForEventAsync("CALL_ESTABLISHED", "sip:110@", safetyNet.Token);
            await phone.CommandAsync("hangup", "", safetyNet.Token);
            var outbound = (await gateway.WaitForRecordsAsync(2)).Single(r => r.CallId != inbound.CallId);
            Assert.Equal(("local:tone", "2001", "110"), (outbound.Route, outbound.Peer, outbound.CalledNumber));
            Assert.NotNull(outbound.Answered);
            Assert.Equal("2001", outbound.CallerNumber);
        }
        finally
        {
            output.WriteLine(phone.Output);
        }
    }
}
