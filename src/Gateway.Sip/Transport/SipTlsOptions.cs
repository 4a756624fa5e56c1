using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Sip.Transport;

/// <summary>TLS settings from configuration: our certificate and how peers' certificates are checked.</summary>
public sealed record SipTlsOptions
{
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>Null means the platform's normal chain and name validation.</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; init; }

    /// <summary>Ask connecting peers for a client certificate (mutual TLS with trunks).</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>Name to validate outbound peers against; defaults to the peer's address.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Loads a PKCS#12 file named in configuration.</summary>
    public static SipTlsOptions FromPkcs12File(string path, string? password) =>
        new() { Certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password) };
}
