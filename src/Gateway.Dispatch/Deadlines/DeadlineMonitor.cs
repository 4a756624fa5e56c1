using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Journal;
using Microsoft.Extensions.Logging;

namespace Gateway.Dispatch.Deadlines;

/// <summary>
/// Watches each order's acknowledge / arrive / feedback deadlines: a reminder when one passes unmet, an
/// escalation to the supervisor when it is still unmet <see cref="DeadlineOptions.EscalateAfter"/> later.
/// Timers are derived from the journaled due times and raised alerts, so a restart re-arms exactly what is left.
/// </summary>
internal sealed class DeadlineMonitor(DispatchLedger ledger, DeadlineOptions options, ILogger logger) : IDisposable
{
    private readonly TimerSet<(Guid Order, DeadlineKind Deadline, AlertLevel Level)> _timers = new(ledger.Time);

    public int PendingTimers => _timers.Count;

    /// <summary>Arms the timers still needed for the given orders; call outside the gate.</summary>
    public void Track(IEnumerable<Guid> orderIds)
    {
        var due = new List<((Guid, DeadlineKind, AlertLevel) Key, DateTimeOffset At)>();
        lock (ledger.Gate)
        {
            foreach (var id in orderIds)
            {
                if (ledger.State.Orders.TryGetValue(id, out var order))
                {
                    AddDue(order, due);
                }
            }
        }
        foreach (var (key, at) in due)
        {
            _timers.Schedule(key, at, OnDue);
        }
    }

    /// <summary>A deadline was met: its timers are no longer needed.</summary>
    public void Release(Guid orderId, DeadlineKind deadline)
    {
        _timers.Cancel((orderId, deadline, AlertLevel.Reminder));
        _timers.Cancel((orderId, deadline, AlertLevel.Escalation));
    }

    private void AddDue(OrderRecord order, List<((Guid, DeadlineKind, AlertLevel), DateTimeOffset)> due)
    {
        var deadlines = order.Created.Deadlines;
        Add(DeadlineKind.Acknowledge, deadlines.AcknowledgeBy);
        if (deadlines.ArriveBy is { } arriveBy)
        {
            Add(DeadlineKind.Arrive, arriveBy);
        }
        Add(DeadlineKind.Feedback, deadlines.FeedbackBy);

        void Add(DeadlineKind kind, DateTimeOffset at)
        {
            if (order.IsMet(kind))
            {
                return;
            }
            if (!order.AlertsRaised.Contains((kind, AlertLevel.Reminder)))
            {
                due.Add(((order.Id, kind, AlertLevel.Reminder), at));
            }
            if (!order.AlertsRaised.Contains((kind, AlertLevel.Escalation)))
            {
                due.Add(((order.Id, kind, AlertLevel.Escalation), at + options.EscalateAfter));
            }
        }
    }

    private void OnDue((Guid Order, DeadlineKind Deadline, AlertLevel Level) key) => _ = RaiseAsync(key);

    private async Task RaiseAsync((Guid Order, DeadlineKind Deadline, AlertLevel Level) key)
    {
        try
        {
            Task durable;
            lock (ledger.Gate)
            {
                if (!ledger.State.Orders.TryGetValue(key.Order, out var order)
                    || order.IsMet(key.Deadline)
                    || order.AlertsRaised.Contains((key.Deadline, key.Level)))
                {
                    return;
                }
                var unit = ledger.State.Units.GetValueOrDefault(order.Created.UnitId);
                var dueAt = DueAt(order, key.Deadline);
                var recipients = key.Level == AlertLevel.Reminder ? Recipients.ForReminder(unit) : Recipients.ForEscalation(unit);
                durable = ledger.Record(new DeadlineAlert(order.Id, order.Created.UnitId, key.Deadline, key.Level, dueAt, recipients));
            }
            await durable.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Raising the {Deadline} {Level} for order {OrderId} failed", key.Deadline, key.Level, key.Order);
        }
    }

    private static DateTimeOffset DueAt(OrderRecord order, DeadlineKind deadline) => deadline switch
    {
        DeadlineKind.Acknowledge => order.Created.Deadlines.AcknowledgeBy,
        DeadlineKind.Arrive => order.Created.Deadlines.ArriveBy ?? order.Created.Deadlines.FeedbackBy,
        _ => order.Created.Deadlines.FeedbackBy,
    };

    public void Dispose() => _timers.Dispose();
}
