using System.Net.WebSockets;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Host.Dispatch.DutyTerminals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Host.Tests.Dispatch;

/// <summary>Duty terminals on real WebSockets: orders out, 签收/status/feedback back, fallback, authentication.</summary>
public sealed class DutyTerminalTests : IAsyncLifetime
{
    private DispatchTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DispatchTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Order_reaches_the_terminal_and_is_acknowledged_only_by_its_explicit_ack()
    {
        using var terminal = await _host.ConnectAsync("/api/duty/desk-police", DispatchTestHost.PoliceTerminalToken);
        await WaitUntilConnectedAsync(terminal);
        var incidentId = await _host.OpenIncidentAsync();
        var orderId = (await _host.DispatchOrderAsync(incidentId, "police", "请到人民路")).GetProperty("id").GetGuid();

        var order = await terminal.ReceiveJsonAsync();
        Assert.Equal("order", order.GetProperty("type").GetString());
        Assert.Equal(orderId, order.GetProperty("orderId").GetGuid());
        Assert.Equal("请到人民路", order.GetProperty("text").GetString());
        Assert.Equal("人民路 12 号", order.GetProperty("location").GetString());
        var key = order.GetProperty("key").GetString()!;
        Assert.Equal(new DeliveryKey(orderId, 1, ChannelKind.DutyTerminal).ToString(), key);

        await _host.WaitForEventAsync(0, b => b is OrderStatusChanged { State: OrderState.Sent } s && s.OrderId == orderId);
        Assert.Equal(OrderState.Sent, _host.Engine.GetOrder(orderId)!.State);

        await terminal.SendJsonAsync(new { type = "ack", key });
        var acked = await terminal.ReceiveJsonAsync();
        Assert.Equal("Ok", acked.GetProperty("status").GetString());
        Assert.Equal("Acknowledged", acked.GetProperty("state").GetString());
        var snapshot = _host.Engine.GetOrder(orderId)!;
        Assert.Equal(AttemptState.Acknowledged, snapshot.Attempts.Single().State);
        Assert.Equal(ChannelKind.DutyTerminal, snapshot.History.Single(h => h.State == OrderState.Acknowledged).Channel);

        await terminal.SendJsonAsync(new { type = "status", key, state = "OnScene" });
        Assert.Equal("OnScene", (await terminal.ReceiveJsonAsync()).GetProperty("state").GetString());
        await terminal.SendJsonAsync(new { type = "status", key, state = "Completed" });
        Assert.Equal("Completed", (await terminal.ReceiveJsonAsync()).GetProperty("state").GetString());
        await terminal.SendJsonAsync(new { type = "feedback", key, note = "已处置" });
        Assert.Equal("FeedbackReceived", (await terminal.ReceiveJsonAsync()).GetProperty("state").GetString());
        Assert.Equal(OrderState.FeedbackReceived, _host.Engine.GetOrder(orderId)!.State);
    }

    [Fact]
    public async Task Without_a_connected_terminal_the_order_falls_back_at_once_to_the_next_channel()
    {
        // "water" prefers terminal desk-water-main (never connected), then desk-water-backup.
        using var backup = await _host.ConnectAsync("/api/duty/desk-water-backup", DispatchTestHost.WaterBackupToken, tokenInQuery: true);
        await WaitUntilConnectedAsync(backup);
        var incidentId = await _host.OpenIncidentAsync("WaterFailure");
        var orderId = (await _host.DispatchOrderAsync(incidentId, "water")).GetProperty("id").GetGuid();

        var order = await backup.ReceiveJsonAsync();
        Assert.Equal(2, order.GetProperty("attempt").GetInt32());
        var attempts = _host.Engine.GetOrder(orderId)!.Attempts;
        Assert.Equal(AttemptState.Failed, attempts[0].State);
        Assert.Contains("no duty terminal 'desk-water-main' is connected", attempts[0].Reason);
        Assert.Equal("desk-water-backup", attempts[1].Address);

        await backup.SendJsonAsync(new { type = "ack", key = order.GetProperty("key").GetString() });
        Assert.Equal("Ok", (await backup.ReceiveJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(OrderState.Acknowledged, _host.Engine.GetOrder(orderId)!.State);
    }

    [Fact]
    public async Task A_second_send_with_the_same_key_is_dropped()
    {
        using var terminal = await _host.ConnectAsync("/api/duty/desk-police", DispatchTestHost.PoliceTerminalToken);
        await WaitUntilConnectedAsync(terminal);
        var channel = _host.App.Services.GetRequiredService<DutyTerminalChannel>();
        var delivery = new OrderDelivery(Guid.NewGuid(), Guid.NewGuid(), "police", "城关派出所", ChannelKind.DutyTerminal, "desk-police", 1,
            IncidentCategory.Criminal, IncidentPriority.High, "x", "first");
        var key = new DeliveryKey(delivery.OrderId, 1, ChannelKind.DutyTerminal).ToString();

        Assert.Equal(ChannelSendOutcome.Accepted, (await channel.SendAsync(delivery, key, CancellationToken.None)).Outcome);
        Assert.Equal(ChannelSendOutcome.Rejected, (await channel.SendAsync(delivery with { Text = "again" }, key, CancellationToken.None)).Outcome);
        var other = new DeliveryKey(delivery.OrderId, 2, ChannelKind.DutyTerminal).ToString();
        Assert.Equal(ChannelSendOutcome.Accepted, (await channel.SendAsync(delivery with { Text = "next" }, other, CancellationToken.None)).Outcome);

        // The terminal sees "first" and then "next": the repeated key never reached it.
        Assert.Equal("first", (await terminal.ReceiveJsonAsync()).GetProperty("text").GetString());
        Assert.Equal("next", (await terminal.ReceiveJsonAsync()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_terminal_cannot_report_on_orders_it_was_not_sent_and_bad_messages_are_answered_not_fatal()
    {
        using var terminal = await _host.ConnectAsync("/api/duty/desk-police", DispatchTestHost.PoliceTerminalToken);
        var incidentId = await _host.OpenIncidentAsync("WaterFailure");
        var waterOrder = (await _host.DispatchOrderAsync(incidentId, "water")).GetProperty("id").GetGuid();
        var foreignKey = new DeliveryKey(waterOrder, 2, ChannelKind.DutyTerminal).ToString();

        await terminal.SendJsonAsync(new { type = "ack", key = foreignKey });
        Assert.Equal("NotFound", (await terminal.ReceiveJsonAsync()).GetProperty("status").GetString());
        await terminal.SendAsync("{broken"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("Invalid", (await terminal.ReceiveJsonAsync()).GetProperty("status").GetString());
        await terminal.SendJsonAsync(new { type = "status", key = foreignKey, state = "Acknowledged" });
        Assert.Equal("Invalid", (await terminal.ReceiveJsonAsync()).GetProperty("status").GetString());
        Assert.NotEqual(OrderState.Acknowledged, _host.Engine.GetOrder(waterOrder)!.State);
        Assert.Equal(WebSocketState.Open, terminal.State);
    }

    [Theory]
    [InlineData("/api/duty/desk-police", null, "401")]
    [InlineData("/api/duty/desk-police", "terminal-police-0123456780", "401")]
    [InlineData("/api/duty/desk-police", DispatchTestHost.WaterBackupToken, "403")]
    [InlineData("/api/duty/desk-police", DispatchTestHost.DispatcherToken, "401")]
    public async Task Only_the_terminal_own_token_opens_its_socket(string path, string? token, string expected)
    {
        var failure = await Assert.ThrowsAsync<WebSocketException>(() => _host.ConnectAsync(path, token));
        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void Offered_keys_survive_a_restart_and_a_torn_last_line_is_not_a_key()
    {
        var path = Path.Combine(_host.DataDirectory, "offered-test.log");
        using (var log = new OfferedKeyLog(path))
        {
            Assert.True(log.TryRecord("a-1-DutyTerminal"));
            Assert.False(log.TryRecord("a-1-DutyTerminal"));
        }
        File.AppendAllText(path, "b-1-Duty");
        using var reopened = new OfferedKeyLog(path);
        Assert.False(reopened.TryRecord("a-1-DutyTerminal"));
        Assert.True(reopened.TryRecord("b-1-DutyTerminal"));
    }

    [Fact]
    public void Keys_older_than_the_retention_are_dropped_and_the_log_compacted_at_start()
    {
        var path = Path.Combine(_host.DataDirectory, "offered-retention.log");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        using (var log = new OfferedKeyLog(path, TimeSpan.FromDays(7), time))
        {
            Assert.True(log.TryRecord("old-1-DutyTerminal"));
            time.Advance(TimeSpan.FromDays(6));
            Assert.True(log.TryRecord("recent-1-DutyTerminal"));
        }
        var before = new FileInfo(path).Length;
        time.Advance(TimeSpan.FromDays(2));

        using var reopened = new OfferedKeyLog(path, TimeSpan.FromDays(7), time);

        Assert.False(reopened.TryRecord("recent-1-DutyTerminal"));
        Assert.True(reopened.TryRecord("old-1-DutyTerminal"));
        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.True(before > 0);
        Assert.DoesNotContain(File.ReadAllLines(path), line => !line.EndsWith('.'));
    }

    [Fact]
    public void Keys_written_before_time_stamps_were_kept_are_still_honoured()
    {
        var path = Path.Combine(_host.DataDirectory, "offered-legacy.log");
        File.WriteAllText(path, "legacy-1-DutyTerminal.\n");

        using var log = new OfferedKeyLog(path, TimeSpan.FromDays(7), new FakeTimeProvider());

        Assert.False(log.TryRecord("legacy-1-DutyTerminal"));
    }

    private static async Task WaitUntilConnectedAsync(WebSocket terminal)
    {
        // The server answers only once the session is registered for orders.
        await terminal.SendJsonAsync(new { type = "ping" });
        Assert.Equal("pong", (await terminal.ReceiveJsonAsync()).GetProperty("type").GetString());
    }
}

public sealed class DutyTerminalAckTimeoutTests
{
    [Fact]
    public async Task A_connected_terminal_that_never_acknowledges_loses_the_order_to_the_next_channel_at_its_timeout()
    {
        await using var host = await DispatchTestHost.StartAsync("--Dispatch:Channels:DutyTerminal:AckTimeout=00:00:00.300");
        using var terminal = await host.ConnectAsync("/api/duty/desk-police", DispatchTestHost.PoliceTerminalToken);
        await terminal.SendJsonAsync(new { type = "ping" });
        Assert.Equal("pong", (await terminal.ReceiveJsonAsync()).GetProperty("type").GetString());
        var incidentId = await host.OpenIncidentAsync();
        var orderId = (await host.DispatchOrderAsync(incidentId, "police")).GetProperty("id").GetGuid();
        Assert.Equal(orderId, (await terminal.ReceiveJsonAsync()).GetProperty("orderId").GetGuid());

        // The terminal stays silent: at the timeout the engine journals it and starts the fax attempt.
        await host.WaitForEventAsync(0, b => b is DeliveryAttemptResolved { Attempt: 1, Outcome: AttemptState.TimedOut } r && r.OrderId == orderId);
        await host.WaitForEventAsync(0, b => b is DeliveryAttemptStarted { Attempt: 2, Channel: ChannelKind.Fax } s && s.OrderId == orderId);
        var attempts = host.Engine.GetOrder(orderId)!.Attempts;
        Assert.Equal(AttemptState.TimedOut, attempts[0].State);
        Assert.Equal(ChannelKind.Fax, attempts[1].Channel);
        Assert.NotEqual(OrderState.Acknowledged, host.Engine.GetOrder(orderId)!.State);
    }
}
