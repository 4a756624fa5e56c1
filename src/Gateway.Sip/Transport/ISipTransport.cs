using System.Net;
using Gateway.Sip.Message;

namespace Gateway.Sip.Transport;

/// <summary>
/// What the transaction layer needs from a transport: send a message to an address, and hear about received
/// ones (including parse failures, so a 400 can still be sent). Send failures throw <see cref="SipTransportException"/>.
/// </summary>
public interface ISipTransport : IAsyncDisposable
{
    SipTransportProtocol Protocol { get; }

    /// <summary>Reliable transports (TCP, TLS) need no retransmission timers A, E, G (RFC 3261 §17).</summary>
    bool IsReliable { get; }

    /// <summary>The bound address (port 0 is replaced by the real port after <see cref="StartAsync"/>).</summary>
    IPEndPoint LocalEndPoint { get; }

    event Action<SipInboundMessage>? MessageReceived;

    Task StartAsync(CancellationToken cancellationToken = default);

    ValueTask SendAsync(SipMessage message, IPEndPoint destination, CancellationToken cancellationToken = default);
}
