namespace Gateway.Sip.Media.Transport;

/// <summary>
/// Hands out RTP/RTCP port pairs from a configured range: even port for RTP, the next odd port
/// for RTCP (RFC 3550 §11). Freed pairs go to the back of the queue so a port is reused as late as
/// possible (stray packets of the previous call fade out first). Thread-safe.
/// </summary>
public sealed class RtpPortAllocator
{
    private readonly Lock _gate = new();
    private readonly Queue<int> _free = new();
    private readonly HashSet<int> _inUse = [];

    public RtpPortAllocator(int minPort, int maxPort)
    {
        if (minPort < 1024 || maxPort > 65535 || maxPort <= minPort)
        {
            throw new ArgumentOutOfRangeException(nameof(minPort), $"RTP port range {minPort}-{maxPort} must lie within 1024-65535 and hold at least one pair.");
        }

        int first = minPort % 2 == 0 ? minPort : minPort + 1;
        for (int port = first; port + 1 <= maxPort; port += 2) _free.Enqueue(port);
        if (_free.Count == 0) throw new ArgumentException($"RTP port range {minPort}-{maxPort} holds no even/odd pair.", nameof(minPort));
        MinPort = minPort;
        MaxPort = maxPort;
        Capacity = _free.Count;
    }

    public int MinPort { get; }

    public int MaxPort { get; }

    /// <summary>Number of pairs in the range.</summary>
    public int Capacity { get; }

    public int Available
    {
        get
        {
            lock (_gate) return _free.Count;
        }
    }

    /// <summary>Takes the next free pair; false when the range is exhausted.</summary>
    public bool TryAllocate(out int rtpPort)
    {
        lock (_gate)
        {
            if (_free.TryDequeue(out rtpPort))
            {
                _inUse.Add(rtpPort);
                return true;
            }

            return false;
        }
    }

    /// <summary>Returns a pair; releasing a port that is not in use is ignored.</summary>
    public void Release(int rtpPort)
    {
        lock (_gate)
        {
            if (_inUse.Remove(rtpPort)) _free.Enqueue(rtpPort);
        }
    }
}
