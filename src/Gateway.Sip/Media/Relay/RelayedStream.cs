using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Media.Relay;

/// <summary>
/// One direction of a relay: the RTP stream a leg sends to its far end. Its packets come from the other leg (relayed),
/// or — while <see cref="IsLocal"/> — from a player in the gateway (ringback, busy tone, hold music), and the other
/// leg's packets are dropped. Both kinds pass the same <see cref="RtpStreamRewriter"/>, so the far end hears one
/// source whose sequence numbers and timestamps run on across every switch (the marker bit flags each change).
/// </summary>
public sealed class RelayedStream : IRtpSender
{
    private readonly RtpEndpoint _output;
    private readonly RtpStreamRewriter _rewriter;
    // Relayed and local packets may meet only while a switch is in progress; the lock makes the switch exact
    // (uncontended otherwise, and allocation-free).
    private readonly object _gate = new();
    private volatile bool _local;

    internal RelayedStream(RtpEndpoint output)
    {
        _output = output;
        // The stream leaves with the SSRC of the leg it leaves from, so RTCP on that leg matches it.
        _rewriter = new RtpStreamRewriter(output.LocalSsrc, (ushort)Random.Shared.Next(ushort.MaxValue + 1), (uint)Random.Shared.NextInt64(uint.MaxValue + 1L));
        // What a local player writes: any SSRC the rewriter can tell apart from the relayed source (a clash with the far
        // end's random SSRC is a 1 in 2^32 chance and would only cost the marker bit at the switch).
        LocalSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    }

    public uint LocalSsrc { get; }

    /// <summary>Packets relayed so far.</summary>
    public long Relayed { get; private set; }

    /// <summary>Packets of the other leg dropped because the stream was local.</summary>
    public long Dropped { get; private set; }

    /// <summary>Local packets sent so far.</summary>
    public long SentLocally { get; private set; }

    /// <summary>
    /// True: the leg gets local packets only. Once the setter returns, no packet of the other kind is on its way (a
    /// ringback packet can never follow the switch to relaying).
    /// </summary>
    public bool IsLocal
    {
        get => _local;
        set
        {
            lock (_gate) _local = value;
        }
    }

    /// <summary>A packet from the other leg (its receive loop); dropped while the stream is local.</summary>
    internal bool Relay(Span<byte> datagram)
    {
        lock (_gate)
        {
            if (_local)
            {
                Dropped++;
                return false;
            }
            _rewriter.Rewrite(datagram);
            if (!_output.Send(datagram)) return false;
            Relayed++;
            return true;
        }
    }

    /// <summary>A packet a local player made; refused unless the stream is local.</summary>
    public bool Send(Span<byte> datagram)
    {
        lock (_gate)
        {
            if (!_local) return false;
            _rewriter.Rewrite(datagram);
            if (!_output.Send(datagram)) return false;
            SentLocally++;
            return true;
        }
    }
}
