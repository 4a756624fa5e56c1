using System.Net;
using Gateway.Sip.Media.Codecs;
using Gateway.Host.Sip;
using Gateway.Sip.Media.Transport;

namespace Gateway.Host.Radio.Voice;

/// <summary>Opens a terminal's RoIP RTP endpoint on its configured local port, aimed at the radio's address.</summary>
public sealed class RoipLegFactory(TimeProvider time, ILoggerFactory loggers, RtpReceiveEngineHost receive) : IDisposable
{
    private readonly MediaMetrics _metrics = new();
    private readonly ILogger<RtpEndpoint> _logger = loggers.CreateLogger<RtpEndpoint>();

    public RtpEndpoint Open(RadioTerminalVoiceConfig config)
    {
        var leg = RtpEndpoint.Open(new RtpPortAllocator(config.RoipLocalPort, config.RoipLocalPort + 1),
            new RtpEndpointOptions { BindAddress = IPAddress.Any, CanonicalName = "gateway-roip" }, _metrics, time, _logger, receive.Engine);
        leg.SetRemote(config.ParsedRemote!);
        return leg;
    }

    public static IAudioCodec CodecOf(RadioTerminalVoiceConfig config) =>
        config.Codec.Equals("PCMU", StringComparison.OrdinalIgnoreCase) ? G711Codec.Pcmu : G711Codec.Pcma;

    public void Dispose() => _metrics.Dispose();
}
