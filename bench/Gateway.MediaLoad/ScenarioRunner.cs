using System.Diagnostics;

namespace Gateway.MediaLoad;

/// <summary>Runs the three kinds of measurement: direct loopback baseline, relayed calls, three-party conferences.</summary>
/// <param name="pumpSockets">Local sockets the tool sends and receives on, one receive thread each.</param>
internal sealed class ScenarioRunner(string hostDll, TimeSpan window, int pumpSockets)
{
    private const int SetupBatch = 25;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(1);

    /// <summary>2·N streams straight from pump socket to pump socket: what loopback and our own tool cost without a gateway.</summary>
    public ScenarioResult Baseline(int calls)
    {
        using var pump = new MediaPump(pumpSockets, payloadCarriesTimestamps: true);
        for (int i = 0; i < 2 * calls; i++)
        {
            pump.AddStream(i % pumpSockets, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, pump.PortOf((i + 1) % pumpSockets)));
        }

        return Measure("baseline", calls, pump, gateway: null).GetAwaiter().GetResult();
    }

    /// <summary>N bridged calls through the gateway back to our own callee: the relay fast path.</summary>
    public async Task<ScenarioResult> RelayAsync(int calls, string receiveModel)
    {
        using var pump = new MediaPump(pumpSockets, payloadCarriesTimestamps: true);
        await using var agent = await LoadAgent.StartAsync(pump);
        await using var gateway = await GatewayProcess.StartAsync(hostDll, [("", $"uri:sip:callee@127.0.0.1:{agent.SipPort}")], receiveModel);
        await SetUpAsync(calls, i => agent.CallAsync(gateway.SipPort, $"5{i:D5}", CancellationToken.None));
        if (agent.CalleesAnswered != calls) throw new InvalidOperationException($"{agent.CalleesAnswered} of {calls} callee legs answered");
        return await Measure("relay", calls, pump, gateway) with { ReceiveModel = receiveModel };
    }

    /// <summary>N/2 rooms of three callers each on the decoded path (meet-me prefix 8: the number names the room).</summary>
    public async Task<ScenarioResult> ConferenceAsync(int calls, string receiveModel)
    {
        int rooms = calls / 2;
        using var pump = new MediaPump(pumpSockets, payloadCarriesTimestamps: false);
        await using var agent = await LoadAgent.StartAsync(pump);
        await using var gateway = await GatewayProcess.StartAsync(hostDll, [("8", "app:conference")], receiveModel);
        await SetUpAsync(rooms * 3, i => agent.CallAsync(gateway.SipPort, $"8{i % rooms:D5}", CancellationToken.None));
        return await Measure("conference", calls, pump, gateway) with { ReceiveModel = receiveModel };
    }

    /// <summary>−1 when either reading failed (the gateway's /metrics did not answer).</summary>
    private static long Delta(long before, long after) => before < 0 || after < 0 ? -1 : after - before;

    /// <summary>
    /// Reads a counter until it stops moving (up to 15 s): a gateway starved of CPU is still working through packets
    /// queued in its sockets after the tool stopped, and those are late, not lost.
    /// </summary>
    private static async Task<long> SettledCounterAsync(GatewayProcess gateway, string name)
    {
        long value = await gateway.ReadCounterAsync(name);
        for (int attempt = 0; attempt < 15; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            long next = await gateway.ReadCounterAsync(name);
            if (next == value) break;
            value = next;
        }

        return value;
    }

    private static async Task SetUpAsync(int count, Func<int, Task> call)
    {
        for (int start = 0; start < count; start += SetupBatch)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(SetupBatch, count - start)).Select(call));
        }
    }

    private async Task<ScenarioResult> Measure(string kind, int calls, MediaPump pump, GatewayProcess? gateway)
    {
        long inBefore = gateway is null ? 0 : await gateway.ReadCounterAsync("gateway_media_rtp_packets_in_total");
        long outBefore = gateway is null ? 0 : await gateway.ReadCounterAsync("gateway_media_rtp_packets_out_total");
        long toolSentBefore = pump.SentTotal;
        pump.Start();
        Thread.Sleep(WarmUp);
        var gatewayCpu = gateway is null ? TimeSpan.Zero : ProcessCpu.Read(gateway.Pid);
        long switchesBefore = gateway is null ? 0 : ProcessCpu.ContextSwitches(gateway.Pid);
        var toolCpu = ProcessCpu.Read(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        pump.Measuring = true;
        Thread.Sleep(window);
        pump.Measuring = false;
        var wall = clock.Elapsed;
        double gatewayPercent = gateway is null ? 0 : ProcessCpu.Percent(gatewayCpu, ProcessCpu.Read(gateway.Pid), wall);
        long switches = gateway is null ? 0 : ProcessCpu.ContextSwitches(gateway.Pid) - switchesBefore;
        double toolPercent = ProcessCpu.Percent(toolCpu, ProcessCpu.Read(Environment.ProcessId), wall);
        Thread.Sleep(Drain);
        pump.Stop();
        var totals = pump.Totals();
        long inAfter = gateway is null ? 0 : await SettledCounterAsync(gateway, "gateway_media_rtp_packets_in_total");
        long outAfter = gateway is null ? 0 : await gateway.ReadCounterAsync("gateway_media_rtp_packets_out_total");
        bool timed = totals.Latency.Count > 0;
        return new ScenarioResult(kind, calls, pump.StreamCount, timed ? totals.SentMeasured : 0, timed ? totals.ReceivedMeasured : 0, totals.SequenceGaps,
            totals.Latency.Percentile(0.50), totals.Latency.Percentile(0.99), totals.Latency.MaxMicroseconds, gatewayPercent, toolPercent,
            Delta(inBefore, inAfter), Delta(outBefore, outAfter), pump.SentTotal - toolSentBefore, totals.SentMeasured, wall, GatewayContextSwitches: switches);
    }
}
