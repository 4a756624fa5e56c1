using System.Net;
using System.Net.Sockets;

namespace Gateway.Sip.Media.Transport;

/// <summary>What <see cref="SymmetricRtpLatch.Observe"/> decided about one valid packet.</summary>
public enum LatchVerdict
{
    /// <summary>From the far end the leg is latched to: deliver it.</summary>
    Accepted,

    /// <summary>The latch moved to this source (first packet, the signalled address, or a rebinding): deliver it.</summary>
    Moved,

    /// <summary>From some other source while the far end is still talking: drop it (injection, stray traffic).</summary>
    Refused,
}

/// <summary>
/// Strict symmetric RTP (RFC 4961 behaviour, needed behind NAT): we send to the address the far end really sends
/// from, and take media only from there. A packet from another source is refused — not relayed, recorded or
/// counted — unless
/// <list type="bullet">
/// <item>it comes from the address signalled in SDP (<see cref="Signal"/>): signalling says the far end is there, the
/// latch moves at once;</item>
/// <item>nothing is known yet (no SDP address, no packet): the first valid packet latches; or</item>
/// <item>the far end (the latched source, or before any packet the signalled address, counted from when it was
/// signalled) has been silent for <see cref="RelatchAfterSilence"/> and the new source then sends
/// <see cref="RelatchAfterPackets"/> packets in a row: a NAT rebinding, or a phone behind NAT whose SDP names its
/// private address (its first second of audio is the price).</item>
/// </list>
/// So neither a stray datagram nor a stream injected from elsewhere can reach a live call or steal it while its party
/// is talking, nor get in first at the start of a call whose far end is known from SDP ("RTP bleed"). A new signalled
/// address (re-INVITE) starts afresh. Allocates only when the latch moves.
/// </summary>
public sealed class SymmetricRtpLatch
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private SocketAddress? _latched;
    private SocketAddress? _signalled;
    private SocketAddress? _candidate;
    private int _candidatePackets;
    private long _lastFromLatched;
    private long _signalledAt;

    public SymmetricRtpLatch(int relatchAfterPackets = 2, TimeSpan? relatchAfterSilence = null, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(relatchAfterPackets);
        RelatchAfterPackets = relatchAfterPackets;
        RelatchAfterSilence = relatchAfterSilence ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RelatchAfterSilence, TimeSpan.Zero, nameof(relatchAfterSilence));
        _time = time ?? TimeProvider.System;
    }

    public int RelatchAfterPackets { get; }

    /// <summary>How long the latched source must have sent nothing before another (unsignalled) source may take over.</summary>
    public TimeSpan RelatchAfterSilence { get; }

    /// <summary>The latched source, null until the first packet.</summary>
    public SocketAddress? Latched => Volatile.Read(ref _latched);

    /// <summary>
    /// The far end's address from SDP. A packet from it always takes the latch. When it changes (a re-INVITE moved the
    /// media) the latch forgets the old source and waits for the new address as at the start of a call.
    /// </summary>
    public void Signal(SocketAddress signalled)
    {
        lock (_gate)
        {
            if (_signalled is not null && _signalled.Equals(signalled)) return;
            if (_signalled is not null) Volatile.Write(ref _latched, null);
            _signalled = Copy(signalled);
            _signalledAt = _time.GetTimestamp();
            _candidate = null;
            _candidatePackets = 0;
        }
    }

    /// <summary>Feeds the source of a valid packet (receive thread); says whether to take the packet.</summary>
    public LatchVerdict Observe(SocketAddress source)
    {
        long now = _time.GetTimestamp();
        var latched = _latched;
        if (latched is not null && latched.Equals(source))
        {
            _candidatePackets = 0;
            _lastFromLatched = now;
            return LatchVerdict.Accepted;
        }

        lock (_gate)
        {
            if (_signalled is not null && _signalled.Equals(source)) return MoveTo(source, now);
            if (_latched is null && _signalled is null) return MoveTo(source, now);
            // The far end we expect: the latched source, or (none yet) the signalled address since it was signalled.
            long farEndLastHeard = _latched is null ? _signalledAt : _lastFromLatched;
            if (_time.GetElapsedTime(farEndLastHeard, now) < RelatchAfterSilence)
            {
                _candidate = null;
                _candidatePackets = 0;
                return LatchVerdict.Refused;
            }

            if (_candidate is not null && _candidate.Equals(source))
            {
                _candidatePackets++;
            }
            else
            {
                _candidate = Copy(source);
                _candidatePackets = 1;
            }

            return _candidatePackets < RelatchAfterPackets ? LatchVerdict.Refused : MoveTo(source, now);
        }
    }

    /// <summary>True when <paramref name="source"/> is the latched address.</summary>
    public bool IsLatchedTo(SocketAddress source) => _latched is not null && _latched.Equals(source);

    public static IPEndPoint ToEndPoint(SocketAddress address) =>
        (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(address);

    private LatchVerdict MoveTo(SocketAddress source, long now)
    {
        Volatile.Write(ref _latched, _candidate is not null && _candidate.Equals(source) ? _candidate : Copy(source));
        _candidate = null;
        _candidatePackets = 0;
        _lastFromLatched = now;
        return LatchVerdict.Moved;
    }

    private static SocketAddress Copy(SocketAddress source)
    {
        var copy = new SocketAddress(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
