using System.Runtime.CompilerServices;
using System.Text.Json;
using Gateway.Dispatch.Assessment;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Deadlines;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Journal;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Orders;
using Gateway.Dispatch.Rules;
using Gateway.Dispatch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Dispatch.Engine;

/// <summary>
/// The dispatch core's command surface (what the HTTP API wraps). Every command's changes are durable
/// in the journal before its result is returned; every change is also an event with a sequence number.
/// </summary>
public sealed class DispatchEngine : IOrderReportSink, IAsyncDisposable
{
    private readonly DispatchLedger _ledger;
    private readonly JournalWriter _writer;
    private readonly IJournalStore _store;
    private readonly EventHub _hub;
    private readonly DeliveryCoordinator _delivery;
    private readonly DeadlineMonitor _deadlines;
    private readonly DeadlinePolicy _deadlinePolicy;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _utcOffset;

    private DispatchEngine(DispatchOptions options, IJournalStore store, DispatchState state, IReadOnlyDictionary<ChannelKind, IOrderChannel> channels, TimeProvider time, ILoggerFactory loggers)
    {
        _store = store;
        _hub = new EventHub();
        var logger = loggers.CreateLogger<DispatchEngine>();
        _writer = new JournalWriter(store, _hub, options.MaxGroupCommitSize, logger);
        _ledger = new DispatchLedger(state, _writer, time);
        _delivery = new DeliveryCoordinator(_ledger, options, channels, logger, _stopping.Token);
        _deadlines = new DeadlineMonitor(_ledger, options.Deadlines, logger);
        _deadlinePolicy = new DeadlinePolicy(options.Deadlines);
        _utcOffset = options.Deadlines.UtcOffset;
    }

    /// <summary>
    /// Migrates the store, replays the journal, registers the configured units (config wins for the units it lists),
    /// then resumes open deliveries and re-arms every deadline timer. <paramref name="observers"/> are subscribed
    /// before that, so they also see what start-up itself commits (a deadline slept through fires at once).
    /// </summary>
    public static async Task<DispatchEngine> StartAsync(
        DispatchOptions options,
        IJournalStore store,
        IEnumerable<IOrderChannel> channels,
        TimeProvider time,
        ILoggerFactory? loggers = null,
        CancellationToken cancellationToken = default,
        IEnumerable<IDispatchEventObserver>? observers = null)
    {
        var problems = DispatchOptionsValidator.Problems(options).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid dispatch options: " + string.Join("; ", problems), nameof(options));
        }
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var state = new DispatchState();
        for (var batch = await store.ReadSinceAsync(0, 4096, cancellationToken).ConfigureAwait(false);
             batch.Count > 0;
             batch = await store.ReadSinceAsync(state.LastSequence, 4096, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entry in batch)
            {
                state.Apply(entry);
            }
        }
        var channelMap = channels.ToDictionary(c => c.Kind);
        var engine = new DispatchEngine(options, store, state, channelMap, time, loggers ?? NullLoggerFactory.Instance);
        foreach (var observer in observers ?? [])
        {
            engine.Subscribe(observer);
        }
        await engine.RegisterConfiguredUnitsAsync(options.Units).ConfigureAwait(false);
        await engine._delivery.ResumeAsync().ConfigureAwait(false);
        List<Guid> open;
        lock (engine._ledger.Gate)
        {
            open = [.. state.Orders.Keys];
        }
        engine._deadlines.Track(open);
        return engine;
    }

    public long LastSequence
    {
        get
        {
            lock (_ledger.Gate)
            {
                return _ledger.State.LastSequence;
            }
        }
    }

    /// <summary>Journal transactions so far; below the command count when group commit batches them.</summary>
    public long JournalTransactions => _writer.TransactionsCommitted;

    internal int PendingTimers => _delivery.PendingTimers + _deadlines.PendingTimers;

    // ---- units -----------------------------------------------------------------------------

    public IReadOnlyList<LinkageUnit> Units
    {
        get
        {
            lock (_ledger.Gate)
            {
                return [.. _ledger.State.Units.Values.OrderBy(u => u.Id, StringComparer.Ordinal)];
            }
        }
    }

    public async Task<DispatchResult<LinkageUnit>> RegisterUnitAsync(LinkageUnit unit)
    {
        var problems = UnitValidation.Problems(unit, "unit").ToList();
        if (problems.Count > 0)
        {
            return DispatchResult<LinkageUnit>.Fail(DispatchStatus.Invalid, string.Join("; ", problems));
        }
        Task durable;
        lock (_ledger.Gate)
        {
            durable = _ledger.Record(new UnitRegistered(unit));
        }
        await durable.ConfigureAwait(false);
        return DispatchResult<LinkageUnit>.Ok(unit);
    }

    private async Task RegisterConfiguredUnitsAsync(IEnumerable<UnitOptions> configured)
    {
        Task durable;
        lock (_ledger.Gate)
        {
            var bodies = new List<DispatchEventBody>();
            foreach (var unit in configured.Select(u => u.ToUnit()))
            {
                if (!_ledger.State.Units.TryGetValue(unit.Id, out var known) || !SameUnit(known, unit))
                {
                    bodies.Add(new UnitRegistered(unit));
                }
            }
            durable = _ledger.Record(bodies);
        }
        await durable.ConfigureAwait(false);
    }

    private static bool SameUnit(LinkageUnit a, LinkageUnit b) =>
        JsonSerializer.Serialize(a, DispatchJson.Default.LinkageUnit) == JsonSerializer.Serialize(b, DispatchJson.Default.LinkageUnit);

    // ---- incidents -------------------------------------------------------------------------

    public async Task<DispatchResult<IncidentOpening>> OpenIncidentAsync(IncidentDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.LocationText) && draft.Coordinates is null)
        {
            return DispatchResult<IncidentOpening>.Fail(DispatchStatus.Invalid, "an incident needs a location text or coordinates");
        }
        if (!Enum.IsDefined(draft.Category))
        {
            return DispatchResult<IncidentOpening>.Fail(DispatchStatus.Invalid, $"unknown category {draft.Category}");
        }
        var incidentId = Guid.CreateVersion7();
        Task durable;
        LeadDecision decision;
        DeliveryAttemptStarted? firstAttempt = null;
        Guid? maritimeOrderId = null;
        lock (_ledger.Gate)
        {
            decision = LeadUnitSelector.Decide(draft, _ledger.State.Units.Values);
            var bodies = new List<DispatchEventBody>
            {
                new IncidentOpened(incidentId, draft, decision.LeadUnit?.Id, decision.NeedsWorkOrder12345, decision.HandToMaritimeRescue),
            };
            if (decision is { HandToMaritimeRescue: true, LeadUnit: { } maritime })
            {
                var text = $"海上搜救移交 / maritime hand-over: {draft.Category} at {draft.LocationText}. {draft.Notes}";
                maritimeOrderId = Guid.CreateVersion7();
                firstAttempt = AddOrderCreation(bodies, maritimeOrderId.Value, incidentId, maritime, draft.Category, text);
            }
            durable = _ledger.Record(bodies);
        }
        await durable.ConfigureAwait(false);
        OrderSnapshot? maritimeOrder = maritimeOrderId is { } id ? AfterOrderCreated(id, firstAttempt) : null;
        lock (_ledger.Gate)
        {
            return DispatchResult<IncidentOpening>.Ok(new IncidentOpening(_ledger.State.Incidents[incidentId].ToSnapshot(), decision, maritimeOrder));
        }
    }

    /// <summary>The competent unit takes over from the unit that accepted first (首接负责); the handover is recorded.</summary>
    public async Task<DispatchResult<IncidentSnapshot>> HandOverAsync(Guid incidentId, string toUnitId, string reason)
    {
        Task durable;
        lock (_ledger.Gate)
        {
            if (!_ledger.State.Incidents.TryGetValue(incidentId, out var incident))
            {
                return DispatchResult<IncidentSnapshot>.Fail(DispatchStatus.NotFound, $"incident {incidentId} not found");
            }
            if (!_ledger.State.Units.ContainsKey(toUnitId))
            {
                return DispatchResult<IncidentSnapshot>.Fail(DispatchStatus.NotFound, $"unit {toUnitId} not found");
            }
            if (incident.ResponsibleUnitId == toUnitId)
            {
                return DispatchResult<IncidentSnapshot>.Fail(DispatchStatus.Duplicate, $"unit {toUnitId} is already responsible");
            }
            durable = _ledger.Record(new ResponsibilityAssigned(incidentId, incident.ResponsibleUnitId, toUnitId, reason));
        }
        await durable.ConfigureAwait(false);
        return DispatchResult<IncidentSnapshot>.Ok(GetIncident(incidentId)!);
    }

    public IncidentSnapshot? GetIncident(Guid incidentId)
    {
        lock (_ledger.Gate)
        {
            return _ledger.State.Incidents.GetValueOrDefault(incidentId)?.ToSnapshot();
        }
    }

    public IReadOnlyList<IncidentSnapshot> Incidents
    {
        get
        {
            lock (_ledger.Gate)
            {
                return [.. _ledger.State.Incidents.Values.Select(i => i.ToSnapshot())];
            }
        }
    }

    // ---- orders ----------------------------------------------------------------------------

    /// <summary>Creates an order for a unit and starts delivery on its first channel; returns once the order and its first attempt are durable.</summary>
    public async Task<DispatchResult<OrderSnapshot>> DispatchOrderAsync(Guid incidentId, string unitId, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.Invalid, "the order text is empty");
        }
        var orderId = Guid.CreateVersion7();
        Task durable;
        DeliveryAttemptStarted? firstAttempt;
        lock (_ledger.Gate)
        {
            if (!_ledger.State.Incidents.TryGetValue(incidentId, out var incident))
            {
                return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.NotFound, $"incident {incidentId} not found");
            }
            if (!_ledger.State.Units.TryGetValue(unitId, out var unit))
            {
                return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.NotFound, $"unit {unitId} not found");
            }
            var bodies = new List<DispatchEventBody>(3);
            firstAttempt = AddOrderCreation(bodies, orderId, incidentId, unit, incident.Opened.Details.Category, text);
            durable = _ledger.Record(bodies);
        }
        await durable.ConfigureAwait(false);
        return DispatchResult<OrderSnapshot>.Ok(AfterOrderCreated(orderId, firstAttempt));
    }

    private DeliveryAttemptStarted? AddOrderCreation(List<DispatchEventBody> bodies, Guid orderId, Guid incidentId, LinkageUnit unit, IncidentCategory category, string text)
    {
        var deadlines = _deadlinePolicy.For(unit, _ledger.Now);
        var created = new OrderCreated(orderId, incidentId, unit.Id, unit.Tier, category, text, deadlines);
        bodies.Add(created);
        // Planned against a record not yet applied: the order has no attempts, so it starts at the first channel.
        var draft = new OrderRecord(created, _ledger.Now);
        return _delivery.PlanNextAttempt(draft, 0, bodies);
    }

    private OrderSnapshot AfterOrderCreated(Guid orderId, DeliveryAttemptStarted? firstAttempt)
    {
        // The send goes first: it is the latency that counts; deadline timers are not due for minutes.
        if (firstAttempt is not null)
        {
            _delivery.Launch(firstAttempt);
        }
        _deadlines.Track([orderId]);
        return GetOrder(orderId)!;
    }

    public OrderSnapshot? GetOrder(Guid orderId)
    {
        lock (_ledger.Gate)
        {
            return _ledger.State.Orders.GetValueOrDefault(orderId)?.ToSnapshot();
        }
    }

    public IReadOnlyList<OrderSnapshot> Orders
    {
        get
        {
            lock (_ledger.Gate)
            {
                return [.. _ledger.State.Orders.Values.Select(o => o.ToSnapshot())];
            }
        }
    }

    /// <summary>Status from a unit or channel (or entered by a dispatcher): checked against the state machine, journaled, then answered.</summary>
    public async ValueTask<DispatchResult<OrderSnapshot>> ReportStatusAsync(OrderStatusReport report, CancellationToken cancellationToken = default)
    {
        Task durable;
        int? stopAttempt;
        OrderSnapshot snapshot;
        lock (_ledger.Gate)
        {
            if (!_ledger.State.Orders.TryGetValue(report.OrderId, out var order))
            {
                return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.NotFound, $"order {report.OrderId} not found");
            }
            var goesOnScene = order.Created.UnitTier != UnitTier.Tier3;
            var check = OrderStateMachine.Check(order.State, report.State, goesOnScene);
            if (check.Verdict == TransitionVerdict.Illegal)
            {
                return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.IllegalTransition, check.Reason!);
            }
            var bodies = new List<DispatchEventBody>(3);
            stopAttempt = _delivery.ApplyReport(order, report, bodies);
            if (check.IsAllowed)
            {
                bodies.Add(new OrderStatusChanged(order.Id, report.State, report.Channel, report.Note));
                if (report.State == OrderState.Acknowledged
                    && _ledger.State.Incidents.TryGetValue(order.Created.IncidentId, out var incident)
                    && incident.ResponsibleUnitId is null)
                {
                    bodies.Add(new ResponsibilityAssigned(incident.Opened.IncidentId, null, order.Created.UnitId, "first to acknowledge (首接负责)"));
                }
            }
            else if (bodies.Count == 0)
            {
                return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.Duplicate, check.Reason!);
            }
            durable = _ledger.Record(bodies);
            snapshot = order.ToSnapshot();
        }
        if (stopAttempt is { } attempt)
        {
            _delivery.StopTimer(report.OrderId, attempt);
        }
        ReleaseMetDeadlines(snapshot);
        await durable.ConfigureAwait(false);
        return DispatchResult<OrderSnapshot>.Ok(snapshot);
    }

    public async ValueTask<DispatchResult<OrderSnapshot>> ReportDeliveryFailedAsync(string deliveryKey, string reason, CancellationToken cancellationToken = default)
    {
        if (!DeliveryKey.TryParse(deliveryKey, out var key))
        {
            return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.Invalid, $"'{deliveryKey}' is not a delivery key");
        }
        return await _delivery.FailAttemptAsync(key.OrderId, key.Attempt, AttemptState.Failed, reason).ConfigureAwait(false);
    }

    private void ReleaseMetDeadlines(OrderSnapshot order)
    {
        if (order.State >= OrderState.Acknowledged)
        {
            _deadlines.Release(order.Id, DeadlineKind.Acknowledge);
        }
        if (order.TimeOf(OrderState.OnScene) is not null)
        {
            _deadlines.Release(order.Id, DeadlineKind.Arrive);
        }
        if (order.State == OrderState.FeedbackReceived)
        {
            _deadlines.Release(order.Id, DeadlineKind.Feedback);
        }
    }

    // ---- assessment ------------------------------------------------------------------------

    public AssessmentReport Assess(DateTimeOffset from, DateTimeOffset to) =>
        AssessmentCalculator.Assess(Orders, from, to, _ledger.Now, UnitNames());

    public QuarterlyReport QuarterlyReport(int year, int quarter) =>
        AssessmentCalculator.Quarterly(Orders, year, quarter, _utcOffset, _ledger.Now, UnitNames());

    private Dictionary<string, string> UnitNames()
    {
        lock (_ledger.Gate)
        {
            return _ledger.State.Units.Values.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        }
    }

    // ---- events ----------------------------------------------------------------------------

    /// <summary>Live events once durable, in sequence order.</summary>
    public IDisposable Subscribe(IDispatchEventObserver observer) => _hub.Subscribe(observer);

    /// <summary>Journaled events after <paramref name="afterSequence"/>, in order.</summary>
    public Task<IReadOnlyList<DispatchEvent>> ReadEventsSinceAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default) =>
        _store.ReadSinceAsync(afterSequence, maxCount, cancellationToken);

    /// <summary>One order's journaled events: what was sent where, with which key, and every status and alert.</summary>
    public Task<IReadOnlyList<DispatchEvent>> ReadOrderEventsAsync(Guid orderId, CancellationToken cancellationToken = default) =>
        _store.ReadOrderAsync(orderId, cancellationToken);

    /// <summary>
    /// Everything after <paramref name="afterSequence"/> from the journal, then live events, each exactly once and in
    /// order: what a WebSocket client reconnecting with <c>?since=N</c> receives.
    /// </summary>
    public async IAsyncEnumerable<DispatchEvent> FollowEventsAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var live = new EventFollower();
        // Subscribe before reading the journal so nothing committed in between is missed; duplicates are dropped by sequence.
        using var subscription = _hub.Subscribe(live);
        var last = afterSequence;
        while (true)
        {
            var page = await _store.ReadSinceAsync(last, 1024, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }
            foreach (var entry in page)
            {
                last = entry.Sequence;
                yield return entry;
            }
        }
        await foreach (var entry in live.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence > last)
            {
                last = entry.Sequence;
                yield return entry;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _delivery.Dispose();
        _deadlines.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
