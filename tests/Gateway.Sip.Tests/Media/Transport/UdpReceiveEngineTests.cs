using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Gateway.Sip.Media.Transport.Receive;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Tests.Media.Transport;

/// <summary>The contract every receive engine keeps (see the two classes at the end).</summary>
public abstract class UdpReceiveEngineTests : IDisposable
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);
    private readonly List<Socket> _sockets = [];
    private readonly Socket _sender;

    protected UdpReceiveEngineTests()
    {
        _sender = Bound();
    }

    protected abstract IUdpReceiveEngine Engine { get; }

    [Fact]
    public async Task Each_socket_gets_its_own_datagrams_with_the_sender_address()
    {
        var a = Bound();
        var b = Bound();
        var atA = new Collector();
        var atB = new Collector();
        await using var registration = Engine.Register(new UdpReceiver(a, atA.Handle), new UdpReceiver(b, atB.Handle));

        SendTo(a, 0xA1);
        SendTo(b, 0xB1);
        SendTo(a, 0xA2);

        Assert.Equal([0xA1, 0xA2], await atA.WaitForAsync(2));
        Assert.Equal([0xB1], await atB.WaitForAsync(1));
        Assert.Equal(_sender.LocalEndPoint, atA.LastSource);
    }

    [Fact]
    public async Task After_dispose_completes_the_handler_is_never_called_again()
    {
        var socket = Bound();
        var collector = new Collector();
        var registration = Engine.Register(new UdpReceiver(socket, collector.Handle));
        SendTo(socket, 1);
        await collector.WaitForAsync(1);

        await registration.DisposeAsync();
        int seen = collector.Count;
        for (int i = 0; i < 20; i++) SendTo(socket, 2);

        // A second socket registered after it proves the engine is still delivering, so silence means "not called".
        var witness = Bound();
        var witnessCollector = new Collector();
        await using var witnessRegistration = Engine.Register(new UdpReceiver(witness, witnessCollector.Handle));
        SendTo(witness, 3);
        await witnessCollector.WaitForAsync(1);
        Assert.Equal(seen, collector.Count);
    }

    [Fact]
    public async Task A_throwing_handler_does_not_stop_the_next_datagram()
    {
        var socket = Bound();
        var collector = new Collector();
        int calls = 0;
        await using var registration = Engine.Register(new UdpReceiver(socket, (datagram, source) =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("handler bug");
            collector.Handle(datagram, source);
        }));

        SendTo(socket, 1);
        SendTo(socket, 2);

        Assert.Equal([2], await collector.WaitForAsync(1));
    }

    [Fact]
    public async Task A_handler_may_stop_its_own_registration()
    {
        var socket = Bound();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IAsyncDisposable? registration = null;
        registration = Engine.Register(new UdpReceiver(socket, (_, _) =>
        {
            // A leg that hangs up on what it just received: must not wait for itself.
            var stopping = registration!.DisposeAsync();
            if (stopping.IsCompleted) stopped.TrySetResult();
            else _ = stopping.AsTask().ContinueWith(_ => stopped.TrySetResult(), TaskScheduler.Default);
        }));

        SendTo(socket, 1);
        await stopped.Task.WaitAsync(SafetyTimeout);
    }

    [Fact]
    public async Task Many_sockets_registered_and_removed_in_turn_each_get_exactly_their_datagrams()
    {
        const int Count = 120;
        var collectors = new Collector[Count];
        var registrations = new IAsyncDisposable[Count];
        var sockets = new Socket[Count];
        for (int i = 0; i < Count; i++)
        {
            sockets[i] = Bound();
            collectors[i] = new Collector();
            registrations[i] = Engine.Register(new UdpReceiver(sockets[i], collectors[i].Handle));
        }

        // Remove every other one, then register new sockets into the freed places.
        for (int i = 0; i < Count; i += 2) await registrations[i].DisposeAsync();
        var late = Bound();
        var lateCollector = new Collector();
        await using var lateRegistration = Engine.Register(new UdpReceiver(late, lateCollector.Handle));

        for (int i = 0; i < Count; i++) SendTo(sockets[i], (byte)i);
        SendTo(late, 0xEE);

        for (int i = 1; i < Count; i += 2) Assert.Equal([(byte)i], await collectors[i].WaitForAsync(1));
        Assert.Equal([0xEE], await lateCollector.WaitForAsync(1));
        for (int i = 0; i < Count; i += 2) Assert.Equal(0, collectors[i].Count);
        for (int i = 1; i < Count; i += 2) await registrations[i].DisposeAsync();
    }

    public virtual void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
        GC.SuppressFinalize(this);
    }

    private Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sockets.Add(socket);
        return socket;
    }

    private void SendTo(Socket target, byte marker) => _sender.SendTo([marker, 0, 0, 0], target.LocalEndPoint!);

    private sealed class Collector
    {
        private readonly ConcurrentQueue<byte> _markers = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public EndPoint? LastSource { get; private set; }

        public int Count => _markers.Count;

        public void Handle(Span<byte> datagram, SocketAddress source)
        {
            LastSource = new IPEndPoint(IPAddress.Any, 0).Create(source);
            _markers.Enqueue(datagram[0]);
            _arrived.Release();
        }

        public async Task<byte[]> WaitForAsync(int count)
        {
            for (int i = 0; i < count; i++) Assert.True(await _arrived.WaitAsync(SafetyTimeout), $"datagram {i + 1} of {count} did not arrive");
            return [.. _markers];
        }
    }
}

public sealed class SocketLoopReceiveEngineTests : UdpReceiveEngineTests
{
    protected override IUdpReceiveEngine Engine => SocketLoopReceiveEngine.Default;
}

[SupportedOSPlatform("linux")]
public sealed class EpollReceiveEngineTests : UdpReceiveEngineTests
{
    private readonly EpollReceiveEngine _engine = new(2, NullLogger<EpollReceiveEngine>.Instance);

    protected override IUdpReceiveEngine Engine => _engine;

    [Fact]
    public async Task Sockets_registered_together_are_served_by_one_thread_and_groups_spread_over_the_threads()
    {
        var threads = new ConcurrentDictionary<string, int>();
        var sockets = Enumerable.Range(0, 4).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToArray();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var all = new CountdownEvent(4);
        try
        {
            foreach (var socket in sockets) socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            DatagramHandler Named(string name) => (_, _) =>
            {
                threads[name] = Environment.CurrentManagedThreadId;
                all.Signal();
            };

            await using var first = _engine.Register(new UdpReceiver(sockets[0], Named("rtp1")), new UdpReceiver(sockets[1], Named("rtcp1")));
            await using var second = _engine.Register(new UdpReceiver(sockets[2], Named("rtp2")), new UdpReceiver(sockets[3], Named("rtcp2")));
            Assert.Equal(4, _engine.Registrations);
            foreach (var socket in sockets) sender.SendTo([1, 2, 3, 4], socket.LocalEndPoint!);
            Assert.True(all.Wait(TimeSpan.FromSeconds(10)));

            Assert.Equal(threads["rtp1"], threads["rtcp1"]);
            Assert.Equal(threads["rtp2"], threads["rtcp2"]);
            Assert.NotEqual(threads["rtp1"], threads["rtp2"]);
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
        }
    }

    [Fact]
    public async Task Threads_run_with_the_asked_priority_or_say_why_not()
    {
        var logger = new WarningCounter();
        using var engine = new EpollReceiveEngine(1, logger, niceValue: -5, realtimePriority: 7);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        string? stat = null;
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (engine.Register(new UdpReceiver(socket, (_, _) =>
        {
            stat = File.ReadAllText("/proc/thread-self/stat");
            seen.TrySetResult();
        })))
        {
            sender.SendTo([1], socket.LocalEndPoint!);
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        // /proc/…/stat after the command name: field 41 is the policy (1 = SCHED_FIFO), field 40 the real-time priority.
        string text = Assert.IsType<string>(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        bool fifo = fields[41 - 3] == "1" && fields[40 - 3] == "7";
        Assert.True(fifo || logger.Warnings > 0, $"neither SCHED_FIFO 7 nor a warning (policy {fields[41 - 3]}, rt priority {fields[40 - 3]})");
    }

    public override void Dispose()
    {
        base.Dispose();
        _engine.Dispose();
    }

    private sealed class WarningCounter : Microsoft.Extensions.Logging.ILogger<EpollReceiveEngine>
    {
        public int Warnings;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == Microsoft.Extensions.Logging.LogLevel.Warning) Interlocked.Increment(ref Warnings);
        }
    }
}
