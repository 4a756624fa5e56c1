using System.Diagnostics.Metrics;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;

namespace Gateway.Host.Dispatch;

/// <summary>
/// Meter "Gateway.Dispatch": orders by state (gauge), delivery attempts started per channel and resolved per
/// outcome (counters fed by committed events), journal transactions (the group-commit count).
/// </summary>
internal sealed class DispatchMetrics : IDispatchEventObserver, IDisposable
{
    private readonly Meter _meter = new("Gateway.Dispatch");
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _outcomes;

    private DispatchEngine? _engine;

    public DispatchMetrics()
    {
        _attempts = _meter.CreateCounter<long>("dispatch_delivery_attempts", description: "Delivery attempts started, by channel.");
        _outcomes = _meter.CreateCounter<long>("dispatch_delivery_outcomes", description: "Delivery attempts resolved, by outcome (sent, failed, timedout, acknowledged...).");
        _meter.CreateObservableGauge("dispatch_orders", () => OrdersByState(Volatile.Read(ref _engine)), description: "Orders by current state.");
        _meter.CreateObservableCounter("dispatch_journal_transactions", () => Volatile.Read(ref _engine)?.JournalTransactions ?? 0,
            description: "Journal transactions committed since start (each may hold many commands).");
    }

    /// <summary>Follows a started engine: gauges read it, counters see its committed events.</summary>
    public IDisposable Attach(DispatchEngine engine)
    {
        Volatile.Write(ref _engine, engine);
        return engine.Subscribe(this);
    }

    public void OnCommitted(IReadOnlyList<DispatchEvent> events)
    {
        foreach (var entry in events)
        {
            switch (entry.Body)
            {
                case DeliveryAttemptStarted started:
                    _attempts.Add(1, new KeyValuePair<string, object?>("channel", ChannelLabel(started.Channel)));
                    break;
                case DeliveryAttemptResolved resolved:
                    _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeLabel(resolved.Outcome)));
                    break;
            }
        }
    }

    private static IEnumerable<Measurement<long>> OrdersByState(DispatchEngine? engine)
    {
        if (engine is null)
            return [];
        var counts = new long[Enum.GetValues<OrderState>().Length];
        foreach (var order in engine.Orders)
            counts[(int)order.State]++;
        return Enum.GetValues<OrderState>().Select(state =>
            new Measurement<long>(counts[(int)state], new KeyValuePair<string, object?>("state", state.ToString())));
    }

    // Fixed label strings so recording allocates nothing per event.
    private static string ChannelLabel(ChannelKind kind) => kind switch
    {
        ChannelKind.DutyTerminal => "duty-terminal",
        ChannelKind.RadioText => "radio-text",
        ChannelKind.Fax => "fax",
        ChannelKind.Phone => "phone",
        _ => "other",
    };

    private static string OutcomeLabel(AttemptState state) => state switch
    {
        AttemptState.Sent => "sent",
        AttemptState.Delivered => "delivered",
        AttemptState.Acknowledged => "acknowledged",
        AttemptState.Failed => "failed",
        AttemptState.TimedOut => "timedout",
        AttemptState.Unknown => "unknown",
        _ => "pending",
    };

    public void Dispose() => _meter.Dispose();
}
