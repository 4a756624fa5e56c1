using System.Diagnostics.Metrics;

namespace Gateway.Core.At;

/// <summary>Counters of the AT channels (Meter <c>Gateway.Core.At</c>), tagged with the link address.</summary>
public sealed class AtChannelMetrics : IDisposable
{
    public const string MeterName = "Gateway.Core.At";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public AtChannelMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Commands = _meter.CreateCounter<long>("gateway.at.commands", description: "AT commands completed, by final result");
        Timeouts = _meter.CreateCounter<long>("gateway.at.timeouts", description: "AT commands that got no final result in time");
        GarbageLines = _meter.CreateCounter<long>("gateway.at.garbage_lines", description: "Received lines dropped as garbage or over-long");
        UnsolicitedResults = _meter.CreateCounter<long>("gateway.at.urcs", description: "Unsolicited result codes delivered to subscribers");
        UnhandledLines = _meter.CreateCounter<long>("gateway.at.unhandled_lines", description: "Lines that no command or subscriber wanted");
        LinkLosses = _meter.CreateCounter<long>("gateway.at.link_losses", description: "Times the read loop lost the link");
        FlowControlTimeouts = _meter.CreateCounter<long>("gateway.at.xoff_timeouts", description: "Data phases failed because XOFF was held too long");
    }

    internal Counter<long> Commands { get; }

    internal Counter<long> Timeouts { get; }

    internal Counter<long> GarbageLines { get; }

    internal Counter<long> UnsolicitedResults { get; }

    internal Counter<long> UnhandledLines { get; }

    internal Counter<long> LinkLosses { get; }

    internal Counter<long> FlowControlTimeouts { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
