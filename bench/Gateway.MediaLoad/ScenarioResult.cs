namespace Gateway.MediaLoad;

/// <summary>One measured run.</summary>
internal sealed record ScenarioResult(
    string Kind,
    int Calls,
    int Streams,
    long Sent,
    long Received,
    long SequenceGaps,
    long P50Microseconds,
    long P99Microseconds,
    long MaxMicroseconds,
    double GatewayCpuPercent,
    double ToolCpuPercent,
    long GatewayPacketsIn,
    long GatewayPacketsOut,
    long ToolPacketsSent)
{
    public long Lost => Math.Max(0, Sent - Received) + SequenceGaps;
}
