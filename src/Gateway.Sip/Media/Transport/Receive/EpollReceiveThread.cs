using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Media.Transport.Receive;

/// <summary>
/// One thread of <see cref="EpollReceiveEngine"/>: its epoll set, its registrations and its receive buffer.
/// Level-triggered, one datagram per ready socket per wake-up: a socket with more queued is simply reported again by
/// the next epoll_wait, so a busy leg cannot starve the others and the steady state never reads an empty socket
/// (which would cost a failed syscall and an exception).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class EpollReceiveThread : IDisposable
{
    private const int MaxEvents = 256;
    private const int MaxDatagram = 2048;
    private const int WaitMilliseconds = 100;    // how soon a stop is noticed when no packet arrives

    private readonly int _epoll;
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly int _niceValue;
    private readonly int _realtimePriority;
    private readonly object _gate = new();
    private readonly Stack<int> _freeSlots = new();
    private Registration?[] _slots = new Registration?[64];
    private int _slotsUsed;
    private uint _nextVersion;
    private int _count;
    private volatile bool _stopping;
    private int _inBatch;
    private long _batches;

    public EpollReceiveThread(string name, ILogger logger, int niceValue, int realtimePriority)
    {
        _logger = logger;
        _niceValue = niceValue;
        _realtimePriority = realtimePriority;
        _epoll = EpollInterop.Create(EpollInterop.CloseOnExec);
        if (_epoll < 0) throw new IOException($"epoll_create1 failed (errno {Marshal.GetLastPInvokeError()})");
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public int Registrations => Volatile.Read(ref _count);

    /// <summary>False once the thread has stopped on an error (its sockets then receive nothing).</summary>
    public bool Running => _thread.IsAlive && !_stopping;

    public IAsyncDisposable Add(Socket socket, DatagramHandler handler)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        // Never block this thread: a socket reported ready whose datagram the kernel then discards (bad checksum)
        // must fail with EAGAIN, not wait. Sends on it then drop instead of blocking when the buffer is full.
        socket.Blocking = false;
        int fd = (int)socket.Handle;
        Registration registration;
        lock (_gate)
        {
            int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _slotsUsed++;
            if (slot >= _slots.Length)
            {
                var grown = new Registration?[_slots.Length * 2];
                _slots.CopyTo(grown, 0);
                Volatile.Write(ref _slots, grown);
            }

            registration = new Registration(this, socket, fd, handler, slot, ++_nextVersion);
            Volatile.Write(ref _slots[slot], registration);
            int error = EpollInterop.Control(_epoll, EpollInterop.CtlAdd, fd, EpollInterop.EpollIn, registration.Key);
            if (error != 0)
            {
                _slots[slot] = null;
                _freeSlots.Push(slot);
                throw new IOException($"epoll_ctl(ADD) for {DatagramDelivery.LocalOf(socket)} failed (errno {error})");
            }

            _count++;
        }

        return registration;
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        if (Thread.CurrentThread != _thread) _thread.Join();
        EpollInterop.Close(_epoll);
    }

    private void Remove(Registration registration)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_slots[registration.Slot], registration)) return;
            // Once out of the set no new event names the socket; an event already fetched finds its slot empty.
            EpollInterop.Control(_epoll, EpollInterop.CtlDel, registration.Fd, 0, 0);
            Interlocked.Exchange(ref _slots[registration.Slot], null);
            _freeSlots.Push(registration.Slot);
            _count--;
        }

        WaitForBatchBoundary();
    }

    /// <summary>
    /// The handler may be running right now for an event fetched before the removal: wait for this thread to finish
    /// its current batch (microseconds). Not needed on the thread itself — a handler closing its own leg.
    /// </summary>
    private void WaitForBatchBoundary()
    {
        if (Thread.CurrentThread == _thread || Volatile.Read(ref _inBatch) == 0) return;
        long batch = Volatile.Read(ref _batches);
        var spin = new SpinWait();
        long deadline = Environment.TickCount64 + 2000;
        while (Volatile.Read(ref _inBatch) != 0 && Volatile.Read(ref _batches) == batch && Environment.TickCount64 < deadline) spin.SpinOnce();
    }

    private void Run()
    {
        SetPriority();

        byte* events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * EpollInterop.EventSize));
        var buffer = new byte[MaxDatagram];
        try
        {
            while (!_stopping)
            {
                int ready = EpollInterop.Wait(_epoll, events, MaxEvents, WaitMilliseconds);
                if (ready <= 0)
                {
                    if (ready < 0 && Marshal.GetLastPInvokeError() != EpollInterop.Eintr)
                    {
                        _logger.LogCritical("epoll_wait failed (errno {Errno}); {Thread} stops receiving", Marshal.GetLastPInvokeError(), _thread.Name);
                        return;
                    }

                    continue;
                }

                Interlocked.Exchange(ref _inBatch, 1);
                var slots = Volatile.Read(ref _slots);
                for (int i = 0; i < ready; i++)
                {
                    ulong key = EpollInterop.DataOf(events, i);
                    int slot = (int)(key & 0xFFFF_FFFF);
                    if ((uint)slot >= (uint)slots.Length) continue;
                    var registration = Volatile.Read(ref slots[slot]);
                    if (registration is null || registration.Key != key) continue;    // removed since, or slot reused
                    registration.ReceiveOne(buffer);
                }

                Interlocked.Increment(ref _batches);
                Interlocked.Exchange(ref _inBatch, 0);
            }
        }
        catch (Exception exception)
        {
            _logger.LogCritical(exception, "{Thread} failed and stops receiving", _thread.Name);
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    /// <summary>Nice value first (kept if real-time scheduling is refused), then SCHED_FIFO when asked for.</summary>
    private void SetPriority()
    {
        if (_niceValue != 0 && EpollInterop.SetPriority(0, EpollInterop.CurrentThreadId(), _niceValue) != 0)
        {
            _logger.LogWarning("{Thread} could not take nice value {Nice} (errno {Errno}; needs CAP_SYS_NICE): it runs at the process's priority",
                _thread.Name, _niceValue, Marshal.GetLastPInvokeError());
        }

        if (_realtimePriority > 0 && EpollInterop.SetRealtime(_realtimePriority) is var error and not 0)
        {
            _logger.LogWarning("{Thread} could not take SCHED_FIFO priority {Priority} (errno {Errno}; needs CAP_SYS_NICE): it keeps normal scheduling",
                _thread.Name, _realtimePriority, error);
        }
    }

    private sealed class Registration(EpollReceiveThread owner, Socket socket, int fd, DatagramHandler handler, int slot, uint version) : IAsyncDisposable
    {
        public int Fd { get; } = fd;

        public int Slot { get; } = slot;

        /// <summary>epoll data: slot in the low half, version in the high half, so a reused slot is not mistaken.</summary>
        public ulong Key { get; } = (ulong)version << 32 | (uint)slot;

        private readonly SocketAddress _source = new(socket.AddressFamily);

        public void ReceiveOne(byte[] buffer)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, _source);
            }
            catch (SocketException)
            {
                return;     // EAGAIN after a discarded datagram, or an ICMP error surfacing: nothing to deliver
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            DatagramDelivery.Deliver(handler, buffer.AsSpan(0, length), _source, socket, owner._logger);
        }

        public ValueTask DisposeAsync()
        {
            owner.Remove(this);
            return ValueTask.CompletedTask;
        }
    }
}
