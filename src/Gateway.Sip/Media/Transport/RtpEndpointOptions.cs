using System.Net;

namespace Gateway.Sip.Media.Transport;

public sealed class RtpEndpointOptions
{
    /// <summary>Local address the leg's sockets bind to.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>Consecutive packets a new (unsignalled) source must send before we move our sending to it.</summary>
    public int RelatchAfterPackets { get; init; } = 2;

    /// <summary>
    /// How long the latched far end must have been silent before an unsignalled source may take over (NAT rebinding);
    /// until then packets from elsewhere are refused (see <see cref="SymmetricRtpLatch"/>).
    /// </summary>
    public TimeSpan RelatchAfterSilence { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RTCP report interval (RFC 3550 suggests 5 s minimum).</summary>
    public TimeSpan RtcpInterval { get; init; } = TimeSpan.FromSeconds(5);

    public int ClockRate { get; init; } = 8000;

    /// <summary>RTCP SDES CNAME of this leg.</summary>
    public string CanonicalName { get; init; } = "gateway";

    /// <summary>Bind attempts before giving up when ports of the range are taken by other programs.</summary>
    public int BindAttempts { get; init; } = 16;
}
