using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>
/// Sits in front of a bridged call's <see cref="RtpRelay"/>: every packet is first shown to its leg's observer
/// (DTMF only, or decode + jitter buffer for the recorder) and then relayed unchanged. When the call is recorded a
/// 20 ms clock feeds the recorder. The legs are started by the call's media (they may carry early media before the
/// answer, when the tap is attached).
/// </summary>
public sealed class BridgeMediaTap : IRtpPacketHandler, IAsyncDisposable
{
    private readonly RtpRelay _relay;
    private readonly RtpEndpoint _callerLeg;
    private readonly RtpEndpoint _calleeLeg;
    private readonly IRtpPacketHandler? _callerObserver;
    private readonly IRtpPacketHandler? _calleeObserver;
    private readonly Func<ValueTask>? _stopRecording;
    private int _disposed;

    public BridgeMediaTap(RtpRelay relay, RtpEndpoint callerLeg, RtpEndpoint calleeLeg, IRtpPacketHandler? callerObserver, IRtpPacketHandler? calleeObserver,
        Func<ValueTask>? stopRecording = null)
    {
        _relay = relay;
        _callerLeg = callerLeg;
        _calleeLeg = calleeLeg;
        _callerObserver = callerObserver;
        _calleeObserver = calleeObserver;
        _stopRecording = stopRecording;
    }

    public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet)
    {
        // Observers read before the relay rewrites the header in place (the payload is never changed).
        (ReferenceEquals(leg, _callerLeg) ? _callerObserver : _calleeObserver)?.OnRtpPacket(leg, datagram, packet);
        _relay.OnRtpPacket(leg, datagram, packet);
    }

    /// <summary>Stops the recording clock and closes the recording (the legs are the call's to dispose).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_stopRecording is not null) await _stopRecording().ConfigureAwait(false);
    }
}
