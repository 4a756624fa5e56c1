using System.Text.Json;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;
using Gateway.Host.Dispatch.Api;

namespace Gateway.Host.Dispatch.DutyTerminals;

/// <summary>
/// Turns a terminal's messages into reports to the engine's <see cref="IOrderReportSink"/>. A terminal may only
/// report on orders that were offered to it (an attempt on the duty-terminal channel with its address).
/// </summary>
internal sealed class DutyTerminalReports(DispatchEngineHost host)
{
    public async Task<TerminalResultMessage> HandleAsync(string terminalId, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        TerminalReportMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<TerminalReportMessage>(json.Span, ApiJson.Options);
        }
        catch (JsonException ex)
        {
            return TerminalResultMessage.Refused(null, $"malformed JSON: {ex.Message}");
        }
        if (message?.Type == "ping")
            return new TerminalResultMessage("pong", null, "Ok", null, null);
        if (message is null || message.Key is null || !DeliveryKey.TryParse(message.Key, out var key))
            return TerminalResultMessage.Refused(message?.Key, "key (the order's delivery key) is required");
        var state = message.Type switch
        {
            "ack" => OrderState.Acknowledged,
            "received" => OrderState.Delivered,
            "feedback" => OrderState.FeedbackReceived,
            "status" when message.State is OrderState.EnRoute or OrderState.OnScene or OrderState.Completed => message.State,
            "status" => null,
            _ => (OrderState?)null,
        };
        if (state is null)
            return TerminalResultMessage.Refused(message.Key, "type must be ack, received, status (EnRoute, OnScene, Completed) or feedback");
        if (host.Engine is not { } engine)
            return new TerminalResultMessage("result", message.Key, "Unavailable", null, "the dispatch engine is not running");
        var order = engine.GetOrder(key.OrderId);
        if (order is null || !order.Attempts.Any(a => a.Channel == ChannelKind.DutyTerminal && a.Address == terminalId))
            return new TerminalResultMessage("result", message.Key, "NotFound", null, "no such order was sent to this terminal");
        var result = await engine.ReportStatusAsync(
            new OrderStatusReport(key.OrderId, state.Value, ChannelKind.DutyTerminal, message.Key, message.Note), cancellationToken);
        return new TerminalResultMessage("result", message.Key, result.Status.ToString(), result.Value?.State, result.Error);
    }
}
