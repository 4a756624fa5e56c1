using Gateway.Sip.Sdp;

namespace Gateway.IntegrationTests.Media.Support;

/// <summary>
/// A caller phone, the gateway in-process and a callee phone it bridges to (route "" → the callee), the call placed
/// to 12345 and answered: the starting point of the relay tests. Disposes all three, gateway first.
/// </summary>
internal sealed record AnsweredBridgedCall(LoopbackPhone Caller, LoopbackPhone Callee, LoopbackGatewayFixture Gateway) : IAsyncDisposable
{
    /// <param name="settings">More --Key=Value settings for the gateway.</param>
    public static async Task<AnsweredBridgedCall> StartAsync(SdpPayloadType codec, int rtpBase, CancellationToken cancellationToken, params string[] settings)
    {
        var caller = await LoopbackPhone.StartAsync(codec);
        var callee = await LoopbackPhone.StartAsync(codec);
        var gateway = await LoopbackGatewayFixture.StartAsync(rtpBase, [("", $"uri:sip:agent@127.0.0.1:{callee.SipPort}")], cancellationToken, settings);
        var call = new AnsweredBridgedCall(caller, callee, gateway);
        try
        {
            var calleeAnswered = callee.AnswerNextCallAsync();
            await caller.CallAsync(gateway.SipPort, "12345", cancellationToken);
            await calleeAnswered.WaitAsync(cancellationToken);
            return call;
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Callee.DisposeAsync();
        await Caller.DisposeAsync();
    }
}
