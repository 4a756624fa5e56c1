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
    long ToolPacketsSent,
    long SentInWindow,
    TimeSpan Window,
    string ReceiveModel = "",
    long GatewayContextSwitches = 0)
{
    public long Lost => Math.Max(0, Sent - Received) + SequenceGaps;

    /// <summary>Packets per second the tool really sent in the window (below the offered rate when it was starved of CPU).</summary>
    public double AchievedRate => SentInWindow / Window.TotalSeconds;

    /// <summary>Gateway context switches per packet it received in the window.</summary>
    public double SwitchesPerPacket => SentInWindow == 0 ? 0 : (double)GatewayContextSwitches / SentInWindow;
}
