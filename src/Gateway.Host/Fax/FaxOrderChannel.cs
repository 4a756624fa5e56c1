using System.Globalization;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;
using Gateway.Fax.Jobs;
using Gateway.Fax.Modem;
using Gateway.Fax.Rendering;

namespace Gateway.Host.Fax;

/// <summary>
/// The dispatch engine's fax channel: renders the order as pages, queues a fax job (the engine's
/// idempotency key makes a repeated send the same job), and reports the job's end to the engine's
/// <see cref="IOrderReportSink"/>: delivered on +FHS:00 with every page confirmed, failed otherwise.
/// </summary>
internal sealed class FaxOrderChannel : IOrderChannel
{
    private const string ReferencePrefix = "dispatch:";

    private readonly FaxGateway _fax;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<FaxOrderChannel> _logger;
    private int _subscribed;

    public FaxOrderChannel(FaxGateway fax, IServiceProvider services, TimeProvider time, ILogger<FaxOrderChannel> logger)
    {
        _fax = fax;
        _services = services;
        _time = time;
        _logger = logger;
    }

    public ChannelKind Kind => ChannelKind.Fax;

    public async ValueTask<ChannelSendResult> SendAsync(OrderDelivery delivery, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (_fax.Scheduler is not { } scheduler)
            return ChannelSendResult.Rejected("no fax modem configured or started");
        var number = FaxDialString.Normalize(delivery.Address);
        if (!FaxDialString.IsValid(number))
            return ChannelSendResult.Rejected($"'{delivery.Address}' is not a fax number");
        Subscribe(scheduler);

        var order = new FaxOrder(
            Title: "应急联动指令 " + delivery.Category,
            OrderNumber: delivery.OrderId.ToString("N", CultureInfo.InvariantCulture)[..12].ToUpperInvariant(),
            Urgency: delivery.Priority.ToString(),
            Unit: delivery.UnitName,
            Text: delivery.Text,
            Location: delivery.LocationText,
            Contact: "",
            Time: _time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)),
            Dispatcher: "");
        var pages = _fax.Render(order);
        string reference = $"{ReferencePrefix}{delivery.OrderId:N}:{idempotencyKey}";
        await scheduler.SubmitAsync(new FaxJobRequest(number, pages, _fax.Options.Resolution, reference, idempotencyKey), cancellationToken);
        return ChannelSendResult.Accepted;
    }

    private void Subscribe(FaxJobScheduler scheduler)
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
            scheduler.JobCompleted += completed => _ = ReportAsync(completed.Job);
    }

    private async Task ReportAsync(FaxJob job)
    {
        if (job.Reference is not { } reference || !reference.StartsWith(ReferencePrefix, StringComparison.Ordinal))
            return;
        string[] parts = reference[ReferencePrefix.Length..].Split(':', 2);
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out Guid orderId))
            return;
        if (_services.GetService<IOrderReportSink>() is not { } sink)
        {
            FaxHostLog.NoReportSink(_logger, job.Id);
            return;
        }

        try
        {
            if (job.Status == FaxJobStatus.Delivered)
                await sink.ReportStatusAsync(new OrderStatusReport(orderId, OrderState.Delivered, ChannelKind.Fax, parts[1], $"fax {job.Id}: +FHS:00"));
            else
                await sink.ReportDeliveryFailedAsync(parts[1], $"fax {job.Id}: {job.LastReason}");
        }
        catch (Exception failure)
        {
            FaxHostLog.ReportFailed(_logger, job.Id, failure);
        }
    }
}
