using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Model;

namespace Gateway.Host.Dispatch;

/// <summary>
/// The report sink channel adapters (radio text, fax) resolve from DI: forwards to the running
/// engine. The engine starts after DI is built, so the adapters cannot hold it directly.
/// </summary>
internal sealed class EngineReportSink(DispatchEngineHost host) : IOrderReportSink
{
    public ValueTask<DispatchResult<OrderSnapshot>> ReportStatusAsync(OrderStatusReport report, CancellationToken cancellationToken = default) =>
        host.Engine is { } engine
            ? engine.ReportStatusAsync(report, cancellationToken)
            : ValueTask.FromResult(NotRunning());

    public ValueTask<DispatchResult<OrderSnapshot>> ReportDeliveryFailedAsync(string deliveryKey, string reason, CancellationToken cancellationToken = default) =>
        host.Engine is { } engine
            ? engine.ReportDeliveryFailedAsync(deliveryKey, reason, cancellationToken)
            : ValueTask.FromResult(NotRunning());

    private static DispatchResult<OrderSnapshot> NotRunning() =>
        DispatchResult<OrderSnapshot>.Fail(DispatchStatus.Invalid, "the dispatch engine is not running");
}
