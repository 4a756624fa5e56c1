using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Media.Relay;

/// <summary>
/// The fast path between two legs that share a codec and need no audio processing: each packet
/// is rewritten in the receive buffer (<see cref="RtpStreamRewriter"/>) and sent on the other leg.
/// No decoding, no copy, no allocation per packet. Digits can be injected into either direction
/// (<see cref="DigitsTowards"/>); while they go out the relayed audio of that direction is held back.
/// </summary>
public sealed class RtpRelay : IRtpPacketHandler
{
    private readonly RtpEndpoint _first;
    private readonly RelayedStream _towardsSecond;
    private readonly RelayedStream _towardsFirst;

    public RtpRelay(RtpEndpoint first, RtpEndpoint second)
    {
        _first = first;
        // Each outgoing stream carries the SSRC of the leg it leaves from, so RTCP on that leg matches it.
        _towardsSecond = new RelayedStream(second, new RtpStreamRewriter(second.LocalSsrc, (ushort)Random.Shared.Next(ushort.MaxValue + 1), (uint)Random.Shared.NextInt64(uint.MaxValue + 1L)));
        _towardsFirst = new RelayedStream(first, new RtpStreamRewriter(first.LocalSsrc, (ushort)Random.Shared.Next(ushort.MaxValue + 1), (uint)Random.Shared.NextInt64(uint.MaxValue + 1L)));
    }

    public long RelayedToFirst => _towardsFirst.Relayed;

    public long RelayedToSecond => _towardsSecond.Relayed;

    /// <summary>Starts both legs with this relay as their packet handler.</summary>
    public void Start()
    {
        _first.Start(this);
        _towardsSecond.Target.Start(this);
    }

    public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet) =>
        (ReferenceEquals(leg, _first) ? _towardsSecond : _towardsFirst).Relay(datagram);

    /// <summary>
    /// An injector of RFC 4733 events into the stream sent on <paramref name="leg"/> (one of the two legs), in that
    /// stream's SSRC, sequence and timestamp space; <paramref name="telephoneEventPayloadType"/> is the one negotiated
    /// on that leg. Drive it with <see cref="RelayDtmfInjector.Tick"/> every 20 ms.
    /// </summary>
    public RelayDtmfInjector DigitsTowards(RtpEndpoint leg, byte telephoneEventPayloadType)
    {
        var stream = ReferenceEquals(leg, _first) ? _towardsFirst
            : ReferenceEquals(leg, _towardsSecond.Target) ? _towardsSecond
            : throw new ArgumentException("Not a leg of this relay.", nameof(leg));
        return new RelayDtmfInjector(stream, telephoneEventPayloadType);
    }
}

/// <summary>
/// One direction of a relay: the rewriter and the leg it sends on. Relayed packets and injected ones are
/// serialised by one lock (uncontended except while digits are sent; no allocation).
/// </summary>
internal sealed class RelayedStream(RtpEndpoint target, RtpStreamRewriter rewriter)
{
    private readonly Lock _gate = new();
    private bool _suppressed;

    public RtpEndpoint Target { get; } = target;

    public RtpStreamRewriter Rewriter { get; } = rewriter;

    public long Relayed { get; private set; }

    /// <summary>Audio packets held back while digits were being injected.</summary>
    public long HeldBack { get; private set; }

    /// <summary>True from the first injected packet until the relayed audio resumes.</summary>
    public bool IsSuppressed => Volatile.Read(ref _suppressed);

    public void Relay(Span<byte> datagram)
    {
        lock (_gate)
        {
            if (_suppressed)
            {
                HeldBack++;
                return;
            }

            Rewriter.Rewrite(datagram);
            if (Target.Send(datagram)) Relayed++;
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> with the stream held: it returns the length of a packet to send in place of the
    /// relayed audio, or 0 when it has nothing more (the audio then resumes after what it wrote).
    /// </summary>
    public void Inject(RtpPacketizer packetizer, Span<byte> datagram, InjectedPacketWriter write)
    {
        lock (_gate)
        {
            if (!_suppressed)
            {
                var (sequence, timestamp) = Rewriter.ContinuationPoint;
                packetizer.MoveTo(sequence, timestamp);
            }

            int length = write(packetizer, datagram);
            if (length > 0)
            {
                Volatile.Write(ref _suppressed, true);
                Target.Send(datagram[..length]);
                return;
            }

            if (!_suppressed) return;
            Volatile.Write(ref _suppressed, false);
            Rewriter.ResumeAt(packetizer.NextSequence, packetizer.NextTimestamp);
        }
    }
}

internal delegate int InjectedPacketWriter(RtpPacketizer packetizer, Span<byte> datagram);
