using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Channels;

/// <summary>
/// A status for an order from a unit or a channel: delivered (SDS report, +FHS:00), 签收, en route,
/// 到场, 处结, 反馈. <paramref name="Channel"/> is null when a dispatcher enters it by hand.
/// <paramref name="DeliveryKey"/> names the attempt when the channel knows it.
/// </summary>
public sealed record OrderStatusReport(Guid OrderId, OrderState State, ChannelKind? Channel, string? DeliveryKey = null, string? Note = null);

/// <summary>Where channel adapters (and the API) report what happened to an order.</summary>
public interface IOrderReportSink
{
    ValueTask<DispatchResult<Model.OrderSnapshot>> ReportStatusAsync(OrderStatusReport report, CancellationToken cancellationToken = default);

    /// <summary>The channel gave up on this attempt after accepting it (e.g. fax busy, no answer): the next channel is tried at once.</summary>
    ValueTask<DispatchResult<Model.OrderSnapshot>> ReportDeliveryFailedAsync(string deliveryKey, string reason, CancellationToken cancellationToken = default);
}
