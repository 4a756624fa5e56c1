using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.MediaLoad;

/// <summary>
/// Our SIP UA on one loopback UDP port, as both the callers and the callees of the load: places calls to the gateway,
/// answers the calls the gateway bridges back, and gives every leg a stream on the <see cref="MediaPump"/>.
/// </summary>
internal sealed class LoadAgent : IAsyncDisposable
{
    private readonly SipTransactionLayer _layer = new(TimeProvider.System);
    private readonly SipUdpTransport _transport = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly SipUserAgent _agent;
    private readonly MediaPump _pump;
    private readonly List<SipSession> _sessions = [];
    private int _nextSocket;

    private LoadAgent(MediaPump pump)
    {
        _pump = pump;
        _agent = new SipUserAgent(_layer, negotiator: new SdpNegotiator(new SdpCapabilities { Codecs = [SdpPayloadType.Pcma] }));
        _agent.IncomingCall += Answer;
    }

    public int SipPort => _transport.LocalEndPoint.Port;

    public int CalleesAnswered { get; private set; }

    public static async Task<LoadAgent> StartAsync(MediaPump pump)
    {
        var agent = new LoadAgent(pump);
        agent._agent.AddTransport(agent._transport);
        await agent._transport.StartAsync();
        return agent;
    }

    /// <summary>Places one call and waits for its answer; its leg becomes a pump stream.</summary>
    public async Task CallAsync(int gatewayPort, string number, CancellationToken cancellationToken)
    {
        int socket = NextSocket();
        var answered = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        SipUri.TryParse($"sip:{number}@127.0.0.1:{gatewayPort}", out var target);
        var offer = _agent.Negotiator.CreateOffer("127.0.0.1", _pump.PortOf(socket));
        var request = new OutgoingCallRequest(target, new IPEndPoint(IPAddress.Loopback, gatewayPort), SipTransportProtocol.Udp, "load", "127.0.0.1", offer);
        var session = _agent.Call(request, s =>
        {
            s.Answered += (_, _, media) =>
            {
                if (media is null) answered.TrySetException(new InvalidOperationException("answer without SDP"));
                else answered.TrySetResult(new IPEndPoint(IPAddress.Parse(media.RemoteAddress), media.RemotePort));
            };
            s.Failed += (_, end) => answered.TrySetException(new InvalidOperationException($"call to {number} failed: {end.StatusCode} {end.Reason}"));
        });
        lock (_sessions) _sessions.Add(session);
        var remote = await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        _pump.AddStream(socket, remote);
    }

    public void HangUpAll()
    {
        lock (_sessions)
        {
            foreach (var session in _sessions) session.HangUp();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        _layer.Dispose();
    }

    private void Answer(IncomingSession inbound)
    {
        int socket = NextSocket();
        var result = inbound.RemoteSdp is { } offer ? _agent.Negotiator.Answer(offer, "127.0.0.1", _pump.PortOf(socket)) : null;
        if (result is null)
        {
            inbound.Reject(488, "Not Acceptable Here");
            return;
        }

        _pump.AddStream(socket, new IPEndPoint(IPAddress.Parse(result.RemoteAddress), result.RemotePort));
        lock (_sessions) _sessions.Add(inbound);
        if (inbound.Answer(result.Answer))
        {
            lock (_sessions) CalleesAnswered++;
        }
    }

    private int NextSocket() => (Interlocked.Increment(ref _nextSocket) & int.MaxValue) % _pump.SocketCount;
}
