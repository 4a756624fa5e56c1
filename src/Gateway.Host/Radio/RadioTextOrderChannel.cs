using System.Collections.Concurrent;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;
using Gateway.Radio.Pei;
using Gateway.Radio.Sds;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Radio;

/// <summary>
/// Dispatch orders as TETRA texts: the unit's channel address is its ISSI (or a talkgroup GSSI). The send is
/// accepted once queued; the SDS-REPORT becomes <see cref="OrderState.Delivered"/>, a failed or missing report a
/// failed delivery (the engine tries the next channel), and the unit's status messages within
/// <see cref="RadioOptions.StatusAttributionWindow"/> become order states (received → Acknowledged, en route,
/// on scene, completed; need support → FeedbackReceived with a note).
/// </summary>
public sealed class RadioTextOrderChannel : IOrderChannel
{
    private readonly RadioTerminalPool _pool;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly RadioOptions _options;
    private readonly ILogger<RadioTextOrderChannel> _logger;
    private readonly ConcurrentDictionary<string, (Guid OrderId, string Key, DateTimeOffset At)> _latestOrderByUnit = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public RadioTextOrderChannel(RadioTerminalPool pool, IServiceProvider services, TimeProvider time, IOptions<RadioOptions> options, ILogger<RadioTextOrderChannel> logger)
    {
        _pool = pool;
        _services = services;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public ChannelKind Kind => ChannelKind.RadioText;

    public ValueTask<ChannelSendResult> SendAsync(OrderDelivery delivery, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(delivery.Address) || !delivery.Address.All(char.IsAsciiDigit))
            return ValueTask.FromResult(ChannelSendResult.Rejected($"'{delivery.Address}' is not a TETRA ISSI/GSSI"));
        if (_pool.Terminals.Count == 0)
            return ValueTask.FromResult(ChannelSendResult.Rejected("no radio terminal configured"));

        _latestOrderByUnit[delivery.Address] = (delivery.OrderId, idempotencyKey, _time.GetUtcNow());
        var send = _pool.Send(idempotencyKey, delivery.Address, delivery.Text, _stopping.Token);
        _ = ReportOutcomeAsync(delivery.OrderId, send);
        return ValueTask.FromResult(ChannelSendResult.Accepted);
    }

    /// <summary>
    /// The unit's terminal reported the order text "consumed" (opened and read by a person):
    /// that is the 签收 the centre is assessed on, so it acknowledges the order. A unit that also
    /// sends the "received" status value acknowledges twice; the engine answers the second as a duplicate.
    /// </summary>
    public void OnConsumed(string? unit)
    {
        if (unit is null || !_latestOrderByUnit.TryGetValue(unit, out var order)
            || _time.GetUtcNow() - order.At > _options.StatusAttributionWindow)
            return;
        _ = ReportAsync(new OrderStatusReport(order.OrderId, OrderState.Acknowledged, ChannelKind.RadioText, order.Key));
    }

    /// <summary>A unit's status message, from any terminal.</summary>
    public void OnStatus(PeiStatusEvent status)
    {
        if (status.Source is null || status.State is not { } state
            || !_latestOrderByUnit.TryGetValue(status.Source, out var order)
            || _time.GetUtcNow() - order.At > _options.StatusAttributionWindow)
            return;

        var (orderState, note) = state switch
        {
            OrderStatusState.Received => (OrderState.Acknowledged, (string?)null),
            OrderStatusState.EnRoute => (OrderState.EnRoute, null),
            OrderStatusState.OnScene => (OrderState.OnScene, null),
            OrderStatusState.Completed => (OrderState.Completed, null),
            _ => (OrderState.FeedbackReceived, "need support"),
        };
        _ = ReportAsync(new OrderStatusReport(order.OrderId, orderState, ChannelKind.RadioText, order.Key, note));
    }

    public void Stop() => _stopping.Cancel();

    private async Task ReportOutcomeAsync(Guid orderId, RadioTextSend send)
    {
        SdsSendResult result;
        try
        {
            result = await send.Result.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await FailAsync(send.Id, ex.Message).ConfigureAwait(false);
            return;
        }

        switch (result.Outcome)
        {
            case SdsSendOutcome.Received or SdsSendOutcome.Consumed or SdsSendOutcome.Sent:
                await ReportAsync(new OrderStatusReport(orderId, OrderState.Delivered, ChannelKind.RadioText, send.Id)).ConfigureAwait(false);
                break;
            default:
                await FailAsync(send.Id, $"SDS {result.Outcome}" + (result.DeliveryStatus is { } s ? $" (delivery status 0x{s:X2})" : string.Empty)).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The dispatch engine's sink, or null when there is none or the host is shutting down: reports finish after
    /// their sends, possibly once the service provider is disposed; the journal then replays the order at restart.
    /// </summary>
    private IOrderReportSink? ResolveSink()
    {
        if (_stopping.IsCancellationRequested) return null;
        try
        {
            return _services.GetService<IOrderReportSink>();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private async Task ReportAsync(OrderStatusReport report)
    {
        if (ResolveSink() is not { } sink)
        {
            _logger.LogInformation("Order {OrderId}: {State} (no dispatch engine to report to, or stopping)", report.OrderId, report.State);
            return;
        }

        try
        {
            await sink.ReportStatusAsync(report).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Reporting {State} for order {OrderId} failed", report.State, report.OrderId);
        }
    }

    private async Task FailAsync(string deliveryKey, string reason)
    {
        if (ResolveSink() is not { } sink)
        {
            _logger.LogInformation("Delivery {Key} failed: {Reason} (no dispatch engine to report to, or stopping)", deliveryKey, reason);
            return;
        }

        try
        {
            await sink.ReportDeliveryFailedAsync(deliveryKey, reason).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Reporting failed delivery {Key} failed", deliveryKey);
        }
    }
}
