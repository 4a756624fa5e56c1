using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Playback;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call;

/// <summary>"Answer here": the gateway answers and plays a test tone until the caller hangs up.</summary>
public sealed class LocalToneCall
{
    private readonly IncomingSession _inbound;
    private readonly CallMediaFactory _media;
    private readonly Action<SipSessionEnd> _ended;
    private RtpEndpoint? _leg;
    private MediaFrameClock? _clock;

    /// <summary>The call's record: the leg's RTP/RTCP figures when it closes, and where digits can be sent on it.</summary>
    public CallRecord? Record { get; init; }

    /// <summary>Records and counts digits sent into the call; without it the call takes no digits from the API.</summary>
    public MediaFeatures.CallMediaFeatures? Features { get; init; }

    public LocalToneCall(IncomingSession inbound, CallMediaFactory media, Action<SipSessionEnd> ended)
    {
        _inbound = inbound;
        _media = media;
        _ended = ended;
    }

    /// <summary>Answers at once; false when the offer had nothing we accept (488 sent).</summary>
    public bool Start(SdpNegotiator negotiator, Action answered)
    {
        if (_inbound.RemoteSdp is not { } offer)
        {
            _inbound.Reject(488, "Not Acceptable Here");
            return false;
        }
        var leg = _media.OpenLeg();
        var answer = negotiator.Answer(offer, _media.AdvertisedAddress, leg.LocalRtpPort);
        if (answer is null)
        {
            _ = leg.DisposeAsync().AsTask();
            _inbound.Reject(488, "Not Acceptable Here");
            return false;
        }
        _leg = leg;
        if (CallMediaFactory.RemoteOf(answer.RemoteAddress, answer.RemotePort) is { } remote) leg.SetRemote(remote);
        IAudioCodec codec = answer.Codec.Number == SdpPayloadType.Pcmu.Number ? G711Codec.Pcmu : G711Codec.Pcma;
        var player = new LegPlayer(leg, codec, answer.TelephoneEvent?.Number ?? -1);
        player.Play(new ContinuousTone());
        leg.Start(DiscardingHandler.Instance);
        _clock = new MediaFrameClock(() => player.Tick(), _media.Time, _media.Loggers.CreateLogger<MediaFrameClock>());
        _inbound.Ended += (session, end) => _ = StopAsync(end);
        if (!_inbound.Answer(answer.Answer)) return true;
        if (Record is { } record) Features?.AcceptDigits(record, "caller", player.Dtmf);
        answered();
        return true;
    }

    private async Task StopAsync(SipSessionEnd end)
    {
        if (_clock is { } clock) await clock.DisposeAsync().ConfigureAwait(false);
        if (_leg is { } leg) await Record.ReleaseLegAsync("caller", leg).ConfigureAwait(false);
        _ended(end);
    }

    private sealed class DiscardingHandler : IRtpPacketHandler
    {
        public static DiscardingHandler Instance { get; } = new();

        public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, Media.Rtp.RtpPacket packet)
        {
            // The caller's audio is not needed for a test tone; the leg still counts it in its statistics.
        }
    }
}
