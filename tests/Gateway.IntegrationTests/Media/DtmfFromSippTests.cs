using Gateway.IntegrationTests.Sip;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Media;

/// <summary>SIPp plays the RFC 2833 pcaps it ships (digits 1, 9, #) into a prompt call: the call record lists them in order.</summary>
public sealed class DtmfFromSippTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Digits_played_by_SIPp_are_reported_in_order_on_the_caller_leg()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var gateway = await MediaGatewayFixture.StartAsync(TestSignals.Chirp(8, 400, 1200, amplitude: 0.2), 48000, [], bound.Token);
        var completed = gateway.NextCompletedAsync();

        var sipp = await SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("dtmf-2833-uac.xml"), "-s", "7001",
            "-p", SippRunner.FreePort().ToString(), "-mp", SippRunner.FreeMediaPort().ToString(), $"127.0.0.1:{gateway.SipPort}"], bound.Token);
        var record = await completed.WaitAsync(bound.Token);

        output.WriteLine(sipp.Describe());
        output.WriteLine($"digits: {string.Join(", ", record.Digits)}");
        Assert.True(sipp.ExitCode == 0, sipp.Describe());
        Assert.Equal("19#", record.DigitString());
        Assert.All(record.Digits, d => Assert.Equal("caller", d.Leg));
    }
}
