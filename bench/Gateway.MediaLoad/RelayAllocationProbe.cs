using System.Net;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Media.Transport.Receive;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.MediaLoad;

/// <summary>
/// The relay path in this process (RtpEndpoint on the host's default receive engine — epoll threads on Linux — and
/// RtpRelay, as BridgedCall runs them) under the same
/// stream load, to measure bytes allocated per relayed packet: the pump itself allocates nothing per packet, so the
/// process-wide allocation over the window is the relay path's (plus RTCP reports every ~5 s per leg).
/// </summary>
internal static class RelayAllocationProbe
{
    public static async Task<(long Relayed, double BytesPerPacket, long Gen0Collections, string Engine)> RunAsync(int calls, TimeSpan window)
    {
        using var epoll = OperatingSystem.IsLinux() ? new EpollReceiveEngine(Environment.ProcessorCount, NullLogger<EpollReceiveEngine>.Instance) : null;
        IUdpReceiveEngine engine = epoll ?? (IUdpReceiveEngine)SocketLoopReceiveEngine.Default;
        string engineName = epoll is null ? "socket loops" : $"epoll, {Environment.ProcessorCount} threads";
        var allocator = new RtpPortAllocator(31000, 31000 + 4 * calls + 100);
        var options = new RtpEndpointOptions { BindAddress = IPAddress.Loopback };
        using var metrics = new MediaMetrics();
        using var pump = new MediaPump(4, payloadCarriesTimestamps: true);
        var legs = new List<RtpEndpoint>();
        var relays = new List<RtpRelay>();
        for (int i = 0; i < calls; i++)
        {
            var caller = RtpEndpoint.Open(allocator, options, metrics, TimeProvider.System, NullLogger<RtpEndpoint>.Instance, engine);
            var callee = RtpEndpoint.Open(allocator, options, metrics, TimeProvider.System, NullLogger<RtpEndpoint>.Instance, engine);
            int callerSocket = (2 * i) % pump.SocketCount, calleeSocket = (2 * i + 1) % pump.SocketCount;
            caller.SetRemote(new IPEndPoint(IPAddress.Loopback, pump.PortOf(callerSocket)));
            callee.SetRemote(new IPEndPoint(IPAddress.Loopback, pump.PortOf(calleeSocket)));
            var relay = new RtpRelay(caller, callee);
            relay.Start();
            relays.Add(relay);
            legs.AddRange([caller, callee]);
            pump.AddStream(callerSocket, new IPEndPoint(IPAddress.Loopback, caller.LocalRtpPort));
            pump.AddStream(calleeSocket, new IPEndPoint(IPAddress.Loopback, callee.LocalRtpPort));
        }

        pump.Start();
        await Task.Delay(TimeSpan.FromSeconds(3));
        long relayedBefore = relays.Sum(r => r.RelayedToFirst + r.RelayedToSecond);
        int gen0Before = GC.CollectionCount(0);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await Task.Delay(window);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long relayed = relays.Sum(r => r.RelayedToFirst + r.RelayedToSecond) - relayedBefore;
        int gen0 = GC.CollectionCount(0) - gen0Before;
        pump.Stop();
        foreach (var leg in legs) await leg.DisposeAsync();
        return (relayed, relayed == 0 ? 0 : (double)allocated / relayed, gen0, engineName);
    }
}
