using System.Net.Sockets;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Media.Transport.Receive;

/// <summary>
/// The Linux receive model for many legs: a few dedicated threads, each waiting on its own epoll set for all the
/// sockets it serves and reading one datagram per ready socket per wake-up. One epoll_wait covers every leg that has
/// a packet, so a relayed packet costs one recvfrom and one sendto on the same thread — no socket-engine wake-up, no
/// thread-pool hop, no context switch per packet. Groups of sockets (a leg's RTP and RTCP) are spread over the threads
/// round-robin, each group on one thread.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EpollReceiveEngine : IUdpReceiveEngine, IDisposable
{
    private readonly EpollReceiveThread[] _threads;
    private int _next = -1;

    /// <param name="threads">Receive threads.</param>
    /// <param name="logger">For failures of the threads and handlers.</param>
    /// <param name="niceValue">
    /// Linux nice value of the threads (0 = as the process; −20…19). A negative value keeps audio moving when other
    /// work of the machine competes for the cores, as media servers do; it needs CAP_SYS_NICE, without it the threads
    /// run at the process's priority and say so once in the log.
    /// </param>
    /// <param name="realtimePriority">
    /// 0: normal scheduling (with <paramref name="niceValue"/>). 1–99: SCHED_FIFO at that priority, so a packet's
    /// arrival preempts whatever else runs on the core at once, as media servers run their RTP threads; the kernel's
    /// real-time throttling (95 % by default) still leaves the rest of the machine a share. Needs CAP_SYS_NICE; without
    /// it the threads keep the nice value and say so once in the log.
    /// </param>
    public EpollReceiveEngine(int threads, ILogger<EpollReceiveEngine> logger, int niceValue = 0, int realtimePriority = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfLessThan(niceValue, -20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(niceValue, 19);
        ArgumentOutOfRangeException.ThrowIfNegative(realtimePriority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(realtimePriority, 99);
        _threads = new EpollReceiveThread[threads];
        for (int i = 0; i < threads; i++) _threads[i] = new EpollReceiveThread($"rtp-epoll-{i}", logger, niceValue, realtimePriority);
    }

    public int ThreadCount => _threads.Length;

    /// <summary>Threads still receiving (fewer than <see cref="ThreadCount"/> only after a thread failed).</summary>
    public int RunningThreads => _threads.Count(t => t.Running);

    /// <summary>Sockets registered now, over all threads.</summary>
    public int Registrations => _threads.Sum(t => t.Registrations);

    public IAsyncDisposable Register(params ReadOnlySpan<UdpReceiver> receivers)
    {
        var thread = _threads[(int)((uint)Interlocked.Increment(ref _next) % (uint)_threads.Length)];
        var parts = new IAsyncDisposable[receivers.Length];
        int added = 0;
        try
        {
            for (; added < receivers.Length; added++) parts[added] = thread.Add(receivers[added].Socket, receivers[added].Handler);
        }
        catch
        {
            for (int i = 0; i < added; i++) parts[i].DisposeAsync().AsTask().GetAwaiter().GetResult();   // completes synchronously
            throw;
        }

        return new RegistrationGroup(parts);
    }

    public void Dispose()
    {
        foreach (var thread in _threads) thread.Dispose();
    }
}
