using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gateway.MediaLoad;

/// <summary>
/// recvmmsg(2) on one blocking socket: waits for the first datagram and takes whatever else is queued with it in the
/// same call (MSG_WAITFORONE), so one wake-up of the tool's receive thread serves a burst instead of one datagram.
/// The tool shares two cores with the gateway it measures: every wake-up it saves is CPU the gateway gets back.
/// Buffers are native and fixed; the layouts are x86-64 / arm64 Linux (LP64).
/// </summary>
internal sealed unsafe partial class BatchReceive : IDisposable
{
    public const int Capacity = 64;
    private const int DatagramBytes = 2048;
    private const int MsgWaitForOne = 0x10000;
    private const int MessageHeaderBytes = 64;   // struct mmsghdr: msghdr (56) + msg_len (4) + padding
    private const int AddressBytes = 16;          // struct sockaddr_in

    private readonly int _fd;
    private readonly byte* _datagrams;
    private readonly byte* _addresses;
    private readonly byte* _vectors;
    private readonly byte* _headers;
    private int _lastCount = Capacity;   // entries whose msg_namelen the last call may have shortened

    public BatchReceive(Socket socket)
    {
        _fd = (int)socket.Handle;
        _datagrams = (byte*)NativeMemory.AllocZeroed((nuint)(Capacity * DatagramBytes));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(Capacity * AddressBytes));
        _vectors = (byte*)NativeMemory.AllocZeroed((nuint)(Capacity * 16));
        _headers = (byte*)NativeMemory.AllocZeroed((nuint)(Capacity * MessageHeaderBytes));
        // The pointers never change; only msg_namelen is shortened by the kernel and set again before each call.
        for (int i = 0; i < Capacity; i++)
        {
            byte* vector = _vectors + (i * 16);
            *(byte**)vector = _datagrams + (i * DatagramBytes);
            *(nuint*)(vector + 8) = DatagramBytes;
            byte* header = _headers + (i * MessageHeaderBytes);
            *(byte**)header = _addresses + (i * AddressBytes);   // msg_name
            *(byte**)(header + 16) = vector;                      // msg_iov
            *(nuint*)(header + 24) = 1;                           // msg_iovlen
        }
    }

    /// <summary>Datagram <paramref name="index"/> of the last <see cref="Receive"/>.</summary>
    public ReadOnlySpan<byte> Datagram(int index) =>
        new(_datagrams + (index * DatagramBytes), (int)*(uint*)(_headers + (index * MessageHeaderBytes) + 56));

    /// <summary>Source UDP port of datagram <paramref name="index"/>.</summary>
    public int SourcePort(int index)
    {
        byte* address = _addresses + (index * AddressBytes);
        return (address[2] << 8) | address[3];
    }

    /// <summary>Blocks (up to the socket's receive timeout) for at least one datagram; returns how many, 0 on timeout or error.</summary>
    public int Receive()
    {
        for (int i = 0; i < _lastCount; i++) *(uint*)(_headers + (i * MessageHeaderBytes) + 8) = AddressBytes;   // msg_namelen
        int count = ReceiveMessages(_fd, _headers, Capacity, MsgWaitForOne, null);
        _lastCount = count < 0 ? 0 : count;
        return _lastCount;
    }

    public void Dispose()
    {
        NativeMemory.Free(_datagrams);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int ReceiveMessages(int fd, byte* messages, uint count, int flags, void* timeout);
}
