using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Transport;

/// <summary>SIP over TLS (RFC 3261 §26.2.1): TCP framing inside an SslStream, certificate from configuration.</summary>
public sealed class SipTlsTransport(IPEndPoint bindEndPoint, SipTlsOptions options, SipParseLimits? limits = null, ILogger<SipTlsTransport>? logger = null, TimeProvider? timeProvider = null)
    : SipStreamTransport(bindEndPoint, limits, logger, timeProvider)
{
    public override SipTransportProtocol Protocol => SipTransportProtocol.Tls;

    protected override async ValueTask<Stream> AcceptStreamAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, options.RemoteCertificateValidation);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = options.Certificate,
            ClientCertificateRequired = options.RequireClientCertificate,
        }, cancellationToken).ConfigureAwait(false);
        return ssl;
    }

    protected override async ValueTask<Stream> ConnectStreamAsync(NetworkStream stream, IPEndPoint remote, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, options.RemoteCertificateValidation);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = options.TargetHost ?? remote.Address.ToString(),
            ClientCertificates = [options.Certificate],
        }, cancellationToken).ConfigureAwait(false);
        return ssl;
    }
}
