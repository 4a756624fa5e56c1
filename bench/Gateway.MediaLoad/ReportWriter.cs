using System.Globalization;
using System.Text;

namespace Gateway.MediaLoad;

/// <summary>Writes bench/results/media-load.md: the tables plus the machine's load while measuring.</summary>
internal static class ReportWriter
{
    public static string Write(IReadOnlyList<ScenarioResult> results, IReadOnlyList<string> failures, TimeSpan window, int pumpSockets, string uptimeBefore, string uptimeAfter)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("# Media load: relayed calls and three-party conferences through the gateway");
        text.AppendLine();
        text.AppendLine(c, $"Written by `bench/media-load.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Gateway: Release build as its own process on loopback;");
        text.AppendLine(c, $"load tool: bench/Gateway.MediaLoad (our SIP UA as callers and callees, G.711 PT 8, 160-byte payloads at 50 packets/s each way");
        text.AppendLine(c, $"on every leg, sends spread evenly over each 20 ms, from {pumpSockets} local sockets, each received by one thread with recvmmsg).");
        text.AppendLine(c, $"Each figure: {window.TotalSeconds:F0} s measured after 3 s warm-up.");
        text.AppendLine("*Achieved* is what the tool really sent: when the machine has no CPU to spare the tool falls behind the offered rate,");
        text.AppendLine("and latency then mostly measures run-queue waits of the gateway's and the tool's threads, not the gateway's work.");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine("uptime before: " + uptimeBefore.Trim());
        text.AppendLine("uptime after:  " + uptimeAfter.Trim());
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("## Relay fast path (N bridged calls, 2·N streams)");
        text.AppendLine();
        text.AppendLine("Latency is send → receive in the tool (one clock). *Added* = relayed minus the direct loopback baseline at the same packet");
        text.AppendLine("rate (tool socket → tool socket, no gateway). CPU is % of one core (200 % = both cores) over the measured window.");
        text.AppendLine();
        text.AppendLine("| N calls | receive model | packets/s offered / achieved | sent | lost | baseline p50 / p99 / max µs | relayed p50 / p99 / max µs | added p50 / p99 µs | gateway CPU % | gateway CPU µs per packet in | gateway context switches per packet in | tool CPU % |");
        text.AppendLine("|---:|---|---:|---:|---:|---|---|---|---:|---:|---:|---:|");
        foreach (var relay in results.Where(r => r.Kind == "relay"))
        {
            var baseline = results.FirstOrDefault(r => r.Kind == "baseline" && r.Calls == relay.Calls);
            string baseText = baseline is null ? "–" : $"{baseline.P50Microseconds} / {baseline.P99Microseconds} / {baseline.MaxMicroseconds}";
            string added = baseline is null ? "–" : $"{relay.P50Microseconds - baseline.P50Microseconds} / {relay.P99Microseconds - baseline.P99Microseconds}";
            text.AppendLine(c, $"| {relay.Calls} | {relay.ReceiveModel} | {relay.Streams * 50} / {relay.AchievedRate:F0} | {relay.Sent} | {relay.Lost} | {baseText} | {relay.P50Microseconds} / {relay.P99Microseconds} / {relay.MaxMicroseconds} | {added} | {relay.GatewayCpuPercent:F0} | {MicrosecondsPerPacket(relay):F0} | {relay.SwitchesPerPacket:F2} | {relay.ToolCpuPercent:F0} |");
        }

        text.AppendLine();
        text.AppendLine("## Decoded path (N/2 three-party conferences, 1.5·N legs)");
        text.AppendLine();
        text.AppendLine("Loss towards the gateway = packets the tool sent − the gateway's `gateway.media.rtp.packets_in` over the whole run, read once the counter stopped moving;");
        text.AppendLine("loss from the gateway = gaps in the RTP sequence numbers of the mixed streams the tool received in the window.");
        text.AppendLine("(No latency column: the mixed audio carries no per-packet timestamps, and the jitter buffer adds its depth by design.)");
        text.AppendLine();
        text.AppendLine("| N | receive model | rooms | legs | packets/s offered / achieved | lost towards gw | lost from gw | gateway CPU % | gateway CPU µs per packet in | gateway context switches per packet in | tool CPU % |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var conference in results.Where(r => r.Kind == "conference"))
        {
            text.AppendLine(c, $"| {conference.Calls} | {conference.ReceiveModel} | {conference.Calls / 2} | {conference.Streams} | {conference.Streams * 50} / {conference.AchievedRate:F0} | {(conference.GatewayPacketsIn < 0 ? "n/a (/metrics timed out)" : Math.Max(0, conference.ToolPacketsSent - conference.GatewayPacketsIn).ToString(c))} | {conference.SequenceGaps} | {conference.GatewayCpuPercent:F0} | {MicrosecondsPerPacket(conference):F0} | {conference.SwitchesPerPacket:F2} | {conference.ToolCpuPercent:F0} |");
        }

        if (failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Runs that failed");
            text.AppendLine();
            foreach (var failure in failures) text.AppendLine("- " + failure);
        }

        return text.ToString();
    }

    /// <summary>Gateway CPU time per packet it received in the window (each relayed packet is also sent once).</summary>
    private static double MicrosecondsPerPacket(ScenarioResult result) => result.AchievedRate == 0 ? 0 : result.GatewayCpuPercent / 100 * 1_000_000 / result.AchievedRate;
}
