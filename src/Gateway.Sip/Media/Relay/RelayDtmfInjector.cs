using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Rtp;

namespace Gateway.Sip.Media.Relay;

/// <summary>
/// Sends digits into one direction of an <see cref="RtpRelay"/> as an RFC 4733 sender would: the events continue the
/// relayed stream (same SSRC, next sequence numbers, timestamps from where the stream is), the relayed audio of that
/// direction is held back while they go out (RFC 4733 §2.5.1.1: events replace the audio), and the audio resumes after
/// the last end packet with the marker bit. Queue from any thread; <see cref="Tick"/> runs on a 20 ms clock.
/// </summary>
public sealed class RelayDtmfInjector
{
    private readonly RelayedStream _stream;
    private readonly RtpPacketizer _packetizer;
    private readonly byte[] _datagram = new byte[RtpHeader.FixedLength + TelephoneEvent.Length];
    private readonly InjectedPacketWriter _write;

    internal RelayDtmfInjector(RelayedStream stream, byte telephoneEventPayloadType)
    {
        _stream = stream;
        _packetizer = new RtpPacketizer(stream.Rewriter.OutputSsrc, 0, 0);
        Transmitter = new DtmfTransmitter(telephoneEventPayloadType, TimeSpan.FromMilliseconds(100));
        _write = Transmitter.WriteNext;
    }

    /// <summary>The queue and packet train (digits are queued here; <see cref="DtmfTransmitter.DigitSent"/> reports them).</summary>
    public DtmfTransmitter Transmitter { get; }

    /// <summary>One 20 ms step: the next event packet in place of the relayed audio, or nothing when no digit is queued.</summary>
    public void Tick()
    {
        // Nothing queued and nothing held back: leave the stream alone (no lock taken).
        if (!Transmitter.HasWork && !_stream.IsSuppressed) return;
        _stream.Inject(_packetizer, _datagram, _write);
    }
}
