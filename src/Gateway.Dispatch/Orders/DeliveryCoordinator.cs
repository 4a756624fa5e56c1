using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Deadlines;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Journal;
using Gateway.Dispatch.Model;
using Microsoft.Extensions.Logging;

namespace Gateway.Dispatch.Orders;

/// <summary>
/// Point-to-point delivery: one attempt at a time on the unit's channels in preference order. Each attempt
/// is journaled (with its idempotency key and ack due time) before the send; when no acknowledgement comes
/// by then, the next channel is tried.
/// </summary>
internal sealed class DeliveryCoordinator : IDisposable
{
    private readonly DispatchLedger _ledger;
    private readonly DispatchOptions _options;
    private readonly IReadOnlyDictionary<ChannelKind, IOrderChannel> _channels;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly TimerSet<(Guid Order, int Attempt)> _ackTimers;

    public DeliveryCoordinator(
        DispatchLedger ledger,
        DispatchOptions options,
        IReadOnlyDictionary<ChannelKind, IOrderChannel> channels,
        ILogger logger,
        CancellationToken stopping)
    {
        _ledger = ledger;
        _options = options;
        _channels = channels;
        _logger = logger;
        _stopping = stopping;
        _ackTimers = new TimerSet<(Guid, int)>(ledger.Time);
    }

    public int PendingTimers => _ackTimers.Count;

    /// <summary>
    /// Under the gate: adds the events for the next usable attempt (kinds without an adapter, such as the
    /// phone until call control exists, are journaled as failed and skipped) or for exhaustion.
    /// </summary>
    public DeliveryAttemptStarted? PlanNextAttempt(OrderRecord order, int alreadyPlanned, List<DispatchEventBody> bodies)
    {
        var unit = _ledger.State.Units.GetValueOrDefault(order.Created.UnitId);
        var channels = unit?.Channels ?? [];
        for (var index = order.Attempts.Count + alreadyPlanned; index < channels.Count; index++)
        {
            var channel = channels[index];
            var timeout = channel.AckTimeout ?? _options.ChannelFor(channel.Kind).AckTimeout;
            var started = new DeliveryAttemptStarted(order.Id, index + 1, channel.Kind, channel.Address, _ledger.Now + timeout);
            bodies.Add(started);
            if (_channels.ContainsKey(channel.Kind))
            {
                return started;
            }
            bodies.Add(new DeliveryAttemptResolved(order.Id, index + 1, AttemptState.Failed, $"no {channel.Kind} channel is connected"));
        }
        bodies.Add(new DeliveryExhausted(order.Id, Recipients.ForEscalation(unit)));
        return null;
    }

    /// <summary>After the attempt is durable: arm its acknowledgement timer, then send.</summary>
    public void Launch(DeliveryAttemptStarted attempt)
    {
        _ackTimers.Schedule((attempt.OrderId, attempt.Attempt), attempt.AckDueAt, OnAckTimeout);
        _ = SendAsync(attempt);
    }

    /// <summary>After a restart: repeat sends whose outcome was never journaled (same key), re-arm the rest.</summary>
    public async Task ResumeAsync()
    {
        var resend = new List<DeliveryAttemptStarted>();
        var rearm = new List<DeliveryAttemptStarted>();
        Task durable;
        lock (_ledger.Gate)
        {
            var bodies = new List<DispatchEventBody>();
            foreach (var order in _ledger.State.Orders.Values)
            {
                if (order.CurrentAttempt is not { IsOpen: true } attempt || order.State >= OrderState.Acknowledged)
                {
                    continue;
                }
                if (attempt.State is AttemptState.Pending or AttemptState.Unknown)
                {
                    if (attempt.State == AttemptState.Pending)
                    {
                        bodies.Add(new DeliveryAttemptResolved(order.Id, attempt.Started.Attempt, AttemptState.Unknown, "restart before the send was confirmed"));
                    }
                    resend.Add(attempt.Started);
                }
                else
                {
                    rearm.Add(attempt.Started);
                }
            }
            durable = _ledger.Record(bodies);
        }
        await durable.ConfigureAwait(false);
        foreach (var attempt in rearm)
        {
            _ackTimers.Schedule((attempt.OrderId, attempt.Attempt), attempt.AckDueAt, OnAckTimeout);
        }
        foreach (var attempt in resend)
        {
            Launch(attempt);
        }
    }

    /// <summary>Under the gate: what a status report means for the open attempt. Returns the attempt whose timer can stop.</summary>
    public int? ApplyReport(OrderRecord order, OrderStatusReport report, List<DispatchEventBody> bodies)
    {
        var attempt = FindAttempt(order, report);
        if (attempt is null || !attempt.IsOpen)
        {
            return null;
        }
        var number = attempt.Started.Attempt;
        if (report.State >= OrderState.Acknowledged)
        {
            bodies.Add(new DeliveryAttemptResolved(order.Id, number, AttemptState.Acknowledged, null));
            return number;
        }
        if (report.State == OrderState.Delivered && attempt.State != AttemptState.Delivered)
        {
            bodies.Add(new DeliveryAttemptResolved(order.Id, number, AttemptState.Delivered, null));
            return _options.ChannelFor(attempt.Started.Channel).StopFallbackOn == DeliveryMilestone.Delivered ? number : null;
        }
        return null;
    }

    public void StopTimer(Guid orderId, int attempt) => _ackTimers.Cancel((orderId, attempt));

    /// <summary>The attempt failed (channel refused, reported failure, or timed out): journal it and go on to the next channel.</summary>
    public async Task<DispatchResult<OrderSnapshot>> FailAttemptAsync(Guid orderId, int attemptNumber, AttemptState outcome, string reason)
    {
        DeliveryAttemptStarted? next;
        Task durable;
        OrderSnapshot snapshot;
        lock (_ledger.Gate)
        {
            if (!_ledger.State.Orders.TryGetValue(orderId, out var order) || attemptNumber < 1 || attemptNumber > order.Attempts.Count)
            {
                return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.NotFound, $"order {orderId} has no attempt {attemptNumber}");
            }
            var attempt = order.Attempts[attemptNumber - 1];
            if (!attempt.IsOpen || order.State >= OrderState.Acknowledged || ReachedEnough(attempt))
            {
                return DispatchResult<OrderSnapshot>.Fail(DispatchStatus.Duplicate, $"attempt {attemptNumber} is no longer open ({attempt.State})");
            }
            var bodies = new List<DispatchEventBody> { new DeliveryAttemptResolved(orderId, attemptNumber, outcome, reason) };
            next = PlanNextAttempt(order, 0, bodies);
            durable = _ledger.Record(bodies);
            snapshot = order.ToSnapshot();
        }
        _ackTimers.Cancel((orderId, attemptNumber));
        await durable.ConfigureAwait(false);
        if (next is not null)
        {
            Launch(next);
        }
        return DispatchResult<OrderSnapshot>.Ok(snapshot);
    }

    private bool ReachedEnough(AttemptRecord attempt) =>
        attempt.State == AttemptState.Delivered
        && _options.ChannelFor(attempt.Started.Channel).StopFallbackOn == DeliveryMilestone.Delivered;

    private void OnAckTimeout((Guid Order, int Attempt) key) => _ = TimeOutAsync(key);

    private async Task TimeOutAsync((Guid Order, int Attempt) key)
    {
        try
        {
            await FailAttemptAsync(key.Order, key.Attempt, AttemptState.TimedOut, "no acknowledgement within the channel timeout").ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Fallback after the acknowledgement timeout failed for order {OrderId}", key.Order);
        }
    }

    private async Task SendAsync(DeliveryAttemptStarted attempt)
    {
        try
        {
            var delivery = BuildDelivery(attempt);
            if (delivery is null || !_channels.TryGetValue(attempt.Channel, out var channel))
            {
                return;
            }
            ChannelSendResult result;
            try
            {
                result = await channel.SendAsync(delivery, attempt.Key.ToString(), _stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Channel {Channel} failed to send order {OrderId}", attempt.Channel, attempt.OrderId);
                result = ChannelSendResult.Rejected(ex.Message);
            }
            if (result.Outcome == ChannelSendOutcome.Accepted)
            {
                await RecordSentAsync(attempt).ConfigureAwait(false);
            }
            else
            {
                await FailAttemptAsync(attempt.OrderId, attempt.Attempt, AttemptState.Failed, result.Reason ?? "rejected by the channel").ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // While stopping, the journal may already be closed: the restart repeats this attempt with the same key.
            if (!_stopping.IsCancellationRequested)
            {
                _logger.LogError(ex, "Delivery of order {OrderId} attempt {Attempt} failed", attempt.OrderId, attempt.Attempt);
            }
        }
    }

    private OrderDelivery? BuildDelivery(DeliveryAttemptStarted attempt)
    {
        lock (_ledger.Gate)
        {
            var state = _ledger.State;
            if (!state.Orders.TryGetValue(attempt.OrderId, out var order))
            {
                return null;
            }
            var details = state.Incidents.GetValueOrDefault(order.Created.IncidentId)?.Opened.Details;
            var unitName = state.Units.GetValueOrDefault(order.Created.UnitId)?.Name ?? order.Created.UnitId;
            return new OrderDelivery(
                order.Id, order.Created.IncidentId, order.Created.UnitId, unitName, attempt.Channel, attempt.Address, attempt.Attempt,
                order.Created.Category, details?.Priority ?? IncidentPriority.Normal, details?.LocationText ?? string.Empty, order.Created.Text);
        }
    }

    private Task RecordSentAsync(DeliveryAttemptStarted attempt)
    {
        lock (_ledger.Gate)
        {
            if (!_ledger.State.Orders.TryGetValue(attempt.OrderId, out var order))
            {
                return Task.CompletedTask;
            }
            var record = order.Attempts[attempt.Attempt - 1];
            var bodies = new List<DispatchEventBody>(2);
            if (record.State is AttemptState.Pending or AttemptState.Unknown)
            {
                bodies.Add(new DeliveryAttemptResolved(order.Id, attempt.Attempt, AttemptState.Sent, null));
            }
            if (order.State == OrderState.Created)
            {
                bodies.Add(new OrderStatusChanged(order.Id, OrderState.Sent, attempt.Channel, null));
            }
            return _ledger.Record(bodies);
        }
    }

    private static AttemptRecord? FindAttempt(OrderRecord order, OrderStatusReport report)
    {
        if (report.DeliveryKey is { } text && DeliveryKey.TryParse(text, out var key)
            && key.OrderId == order.Id && key.Attempt >= 1 && key.Attempt <= order.Attempts.Count)
        {
            return order.Attempts[key.Attempt - 1];
        }
        return order.CurrentAttempt;
    }

    public void Dispose() => _ackTimers.Dispose();
}
