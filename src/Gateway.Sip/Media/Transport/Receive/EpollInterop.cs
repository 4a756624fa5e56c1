using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Gateway.Sip.Media.Transport.Receive;

/// <summary>
/// The few libc calls the epoll receive model needs. <c>struct epoll_event</c> is packed on x86-64 (12 bytes, data at
/// offset 4) and naturally aligned elsewhere (16 bytes, data at 8), so events are read through a stride and an offset
/// instead of one managed struct.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class EpollInterop
{
    public const uint EpollIn = 0x001;
    public const int CtlAdd = 1;
    public const int CtlDel = 2;
    public const int CloseOnExec = 0x80000;
    public const int Eintr = 4;

    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int Create(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int Control(int epoll, int operation, int fd, byte* @event);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int Wait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "gettid")]
    public static partial int CurrentThreadId();

    /// <summary>setpriority(PRIO_PROCESS, tid, nice): on Linux a thread id sets that one thread's nice value.</summary>
    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, int who, int niceValue);

    public const int SchedFifo = 1;

    /// <summary>sched_setscheduler(0, policy, &amp;{priority}): pid 0 is the calling thread.</summary>
    public static int SetRealtime(int priority)
    {
        int parameter = priority;
        return SetScheduler(0, SchedFifo, &parameter) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int pid, int policy, int* parameter);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>epoll_ctl with one event; returns 0 or the errno.</summary>
    public static int Control(int epoll, int operation, int fd, uint events, ulong data)
    {
        byte* buffer = stackalloc byte[16];
        Unsafe.WriteUnaligned(buffer, events);
        Unsafe.WriteUnaligned(buffer + DataOffset, data);
        return Control(epoll, operation, fd, buffer) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    public static ulong DataOf(byte* events, int index) => Unsafe.ReadUnaligned<ulong>(events + index * EventSize + DataOffset);
}
