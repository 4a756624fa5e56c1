using System.Net;
using System.Net.WebSockets;

namespace Gateway.Host.Tests.Dispatch;

/// <summary>The event WebSocket against real Kestrel: backlog, live events, drop and resume with ?since=.</summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    private DispatchTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DispatchTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_client_that_drops_and_resumes_with_since_misses_nothing_and_sees_nothing_twice()
    {
        var incidentId = await _host.OpenIncidentAsync();
        var seen = new List<long>();

        var first = await _host.ConnectAsync("/api/events?since=0", DispatchTestHost.DispatcherToken);
        // Live events arrive while this client reads; it drops in the middle of the stream.
        var creating = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
                await _host.DispatchOrderAsync(incidentId, "water", $"order {i}");
        });
        while (seen.Count < 15)
            seen.Add((await first.ReceiveJsonAsync()).GetProperty("sequence").GetInt64());
        first.Abort();
        first.Dispose();
        await creating;

        // More events while nobody listens.
        for (var i = 0; i < 5; i++)
            await _host.DispatchOrderAsync(incidentId, "police", $"while away {i}");
        var target = _host.Engine.LastSequence;

        using var second = await _host.ConnectAsync($"/api/events?since={seen[^1]}", DispatchTestHost.DispatcherToken, tokenInQuery: true);
        while (seen[^1] < target)
        {
            var message = await second.ReceiveJsonAsync();
            seen.Add(message.GetProperty("sequence").GetInt64());
            Assert.False(string.IsNullOrEmpty(message.GetProperty("type").GetString()));
            Assert.True(message.TryGetProperty("body", out _));
        }

        Assert.Equal(Enumerable.Range(1, (int)target).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Live_events_follow_the_backlog_in_order()
    {
        var incidentId = await _host.OpenIncidentAsync();
        var backlogEnd = _host.Engine.LastSequence;
        using var socket = await _host.ConnectAsync("/api/events", DispatchTestHost.CallTakerToken);
        for (var s = 1; s <= backlogEnd; s++)
            Assert.Equal(s, (await socket.ReceiveJsonAsync()).GetProperty("sequence").GetInt64());

        await _host.DispatchOrderAsync(incidentId, "police", "live");
        var live = await socket.ReceiveJsonAsync();
        Assert.Equal(backlogEnd + 1, live.GetProperty("sequence").GetInt64());
        Assert.Equal("order.created", live.GetProperty("type").GetString());
        Assert.Equal("live", live.GetProperty("body").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Without_a_token_the_upgrade_is_refused_with_401()
    {
        var failure = await Assert.ThrowsAsync<WebSocketException>(() => _host.ConnectAsync("/api/events?since=0", null));
        Assert.Contains("401", failure.Message);
        var (status, _) = await _host.GetAsync("/api/events?since=0", "wrong-token-0123456789");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
