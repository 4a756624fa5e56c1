using System.Net;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Media.Transport.Receive;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call;

/// <summary>Opens RTP legs for calls and knows the address our SDP advertises.</summary>
public sealed class CallMediaFactory(RtpPortAllocator allocator, RtpEndpointOptions options, MediaMetrics metrics, TimeProvider time, ILoggerFactory loggers, string advertisedAddress,
    IUdpReceiveEngine? receiver = null)
{
    private readonly ILogger<RtpEndpoint> _legLogger = loggers.CreateLogger<RtpEndpoint>();

    public string AdvertisedAddress { get; } = advertisedAddress;
    public TimeProvider Time { get; } = time;
    public ILoggerFactory Loggers { get; } = loggers;

    public RtpEndpoint OpenLeg() => RtpEndpoint.Open(allocator, options, metrics, Time, _legLogger, receiver);

    /// <summary>The SDP address as an endpoint, or null (names and hold addresses are left to symmetric latching).</summary>
    public static IPEndPoint? RemoteOf(string address, int port) =>
        port > 0 && IPAddress.TryParse(address, out var ip) && !ip.Equals(IPAddress.Any) ? new IPEndPoint(ip, port) : null;
}
