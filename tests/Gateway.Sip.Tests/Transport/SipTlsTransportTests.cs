using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transport;

public sealed class SipTlsTransportTests
{
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    [Fact]
    public async Task Request_crosses_a_tls_connection_with_the_configured_certificate()
    {
        using var certificate = SelfSigned();
        string? seenThumbprint = null;
        var options = new SipTlsOptions
        {
            Certificate = certificate,
            RemoteCertificateValidation = (_, remote, _, _) =>
            {
                // The server side sees no certificate (none requested); the client side sees the server's.
                if (remote is not null) seenThumbprint = remote.GetCertHashString();
                return true;
            },
        };
        await using var server = new SipTlsTransport(Loopback.V4, options);
        await using var client = new SipTlsTransport(Loopback.V4, options);
        var received = new ReceivedMessages(server);
        await server.StartAsync();
        await client.StartAsync();

        var request = (SipRequest)new SipMessageParser().Parse(Encoding.ASCII.GetBytes(Loopback.Options("z9hG4bKtls", "TLS", client.LocalEndPoint)), SipFraming.Stream).Message!;
        await client.SendAsync(request, server.LocalEndPoint);
        var inbound = await received.NextAsync();

        Assert.Equal("z9hG4bKtls", inbound.Message!.TopVia!.Branch);
        Assert.Equal(SipTransportProtocol.Tls, inbound.Transport.Protocol);
        Assert.Equal(certificate.GetCertHashString(), seenThumbprint);
    }
}
