using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Transport;

public sealed class SipTcpTransport(IPEndPoint bindEndPoint, SipParseLimits? limits = null, ILogger<SipTcpTransport>? logger = null, TimeProvider? timeProvider = null)
    : SipStreamTransport(bindEndPoint, limits, logger, timeProvider)
{
    public override SipTransportProtocol Protocol => SipTransportProtocol.Tcp;

    protected override ValueTask<Stream> AcceptStreamAsync(NetworkStream stream, CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(stream);

    protected override ValueTask<Stream> ConnectStreamAsync(NetworkStream stream, IPEndPoint remote, CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(stream);
}
