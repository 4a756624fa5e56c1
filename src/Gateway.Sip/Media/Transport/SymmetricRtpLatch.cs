using System.Net;
using System.Net.Sockets;

namespace Gateway.Sip.Media.Transport;

/// <summary>
/// Symmetric RTP (RFC 4961 behaviour, needed behind NAT): we send to the address the far end
/// really sends from. The first valid packet latches; a different source takes over only after
/// it has sent <see cref="RelatchAfterPackets"/> valid packets in a row, so one stray or spoofed
/// datagram cannot steal the stream. Allocates only when the latch moves.
/// </summary>
public sealed class SymmetricRtpLatch
{
    private SocketAddress? _latched;
    private SocketAddress? _candidate;
    private int _candidatePackets;

    public SymmetricRtpLatch(int relatchAfterPackets = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(relatchAfterPackets);
        RelatchAfterPackets = relatchAfterPackets;
    }

    public int RelatchAfterPackets { get; }

    /// <summary>The latched source, null until the first packet.</summary>
    public SocketAddress? Latched => Volatile.Read(ref _latched);

    /// <summary>Feeds the source of a valid packet; returns true when the latch moved to it.</summary>
    public bool Observe(SocketAddress source)
    {
        if (_latched is null)
        {
            Volatile.Write(ref _latched, Copy(source));
            return true;
        }

        if (_latched.Equals(source))
        {
            _candidatePackets = 0;
            return false;
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

        if (_candidatePackets < RelatchAfterPackets) return false;
        Volatile.Write(ref _latched, _candidate);
        _candidate = null;
        _candidatePackets = 0;
        return true;
    }

    /// <summary>True when <paramref name="source"/> is the latched address.</summary>
    public bool IsLatchedTo(SocketAddress source) => _latched is not null && _latched.Equals(source);

    public static IPEndPoint ToEndPoint(SocketAddress address) =>
        (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(address);

    private static SocketAddress Copy(SocketAddress source)
    {
        var copy = new SocketAddress(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
