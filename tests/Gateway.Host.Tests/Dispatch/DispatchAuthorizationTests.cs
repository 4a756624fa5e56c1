using System.Net;
using System.Text.Json;

namespace Gateway.Host.Tests.Dispatch;

/// <summary>Refused calls get 401/403, are audited, and leave the journal exactly as it was.</summary>
public sealed class DispatchAuthorizationTests : IAsyncLifetime
{
    private DispatchTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DispatchTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string, string?, HttpStatusCode> RefusedCommands => new()
    {
        { "POST", "/api/incidents", null, HttpStatusCode.Unauthorized },
        { "POST", "/api/incidents", "wrong-token-0123456789", HttpStatusCode.Unauthorized },
        { "POST", "/api/orders", null, HttpStatusCode.Unauthorized },
        { "POST", "/api/orders", DispatchTestHost.CallTakerToken, HttpStatusCode.Forbidden },
        { "POST", "/api/orders/{order}/status", DispatchTestHost.CallTakerToken, HttpStatusCode.Forbidden },
        { "POST", "/api/orders/{order}/feedback", DispatchTestHost.CallTakerToken, HttpStatusCode.Forbidden },
        { "POST", "/api/incidents/{incident}/handover", DispatchTestHost.CallTakerToken, HttpStatusCode.Forbidden },
        { "POST", "/api/units", DispatchTestHost.DispatcherToken, HttpStatusCode.Forbidden },
        { "POST", "/api/units", DispatchTestHost.CallTakerToken, HttpStatusCode.Forbidden },
        { "GET", "/api/reports/assessment?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z", DispatchTestHost.DispatcherToken, HttpStatusCode.Forbidden },
        { "GET", "/api/reports/quarterly/2026/1", DispatchTestHost.CallTakerToken, HttpStatusCode.Forbidden },
        { "GET", "/api/orders", null, HttpStatusCode.Unauthorized },
        { "GET", "/api/incidents", "wrong-token-0123456789", HttpStatusCode.Unauthorized },
    };

    [Theory]
    [MemberData(nameof(RefusedCommands))]
    public async Task Refused_call_changes_nothing_and_is_audited(string method, string pathTemplate, string? token, HttpStatusCode expected)
    {
        var incidentId = await _host.OpenIncidentAsync();
        var orderId = (await _host.DispatchOrderAsync(incidentId, "police")).GetProperty("id").GetGuid();
        var path = pathTemplate.Replace("{order}", orderId.ToString()).Replace("{incident}", incidentId.ToString());
        // The order's own delivery (no terminal connected: at once to the next channel) settles first.
        await _host.WaitForEventAsync(0, b => b is Gateway.Dispatch.Events.DeliveryExhausted);
        var before = _host.Engine.LastSequence;
        var unitsBefore = _host.Engine.Units.Count;
        var stateBefore = _host.Engine.GetOrder(orderId)!.State;

        var body = new
        {
            category = "Fire", locationText = "x", incidentId, unitId = "police", text = "x", state = "Acknowledged", note = "x", toUnitId = "water",
            id = "rogue", name = "rogue", dutyPhone = "1", channels = new[] { new { kind = "Fax", address = "1" } },
        };
        var (status, _) = await _host.SendAsync(new HttpMethod(method), path, token, method == "POST" ? body : null);

        Assert.Equal(expected, status);
        Assert.Equal(before, _host.Engine.LastSequence);
        Assert.Equal(unitsBefore, _host.Engine.Units.Count);
        Assert.Equal(stateBefore, _host.Engine.GetOrder(orderId)!.State);
        Assert.Null(_host.Engine.GetIncident(incidentId)!.ResponsibleUnitId);
        var audit = await File.ReadAllLinesAsync(Path.Combine(_host.DataDirectory, "audit.jsonl"));
        using var last = JsonDocument.Parse(audit.Last());
        Assert.Equal((int)expected, last.RootElement.GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task Each_role_may_do_what_it_should()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync("/api/incidents", DispatchTestHost.CallTakerToken, new { category = "Fire", locationText = "x" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.GetAsync("/api/orders", DispatchTestHost.CallTakerToken)).Status);
        var incidentId = await _host.OpenIncidentAsync();
        var (adminOrder, _) = await _host.PostAsync("/api/orders", DispatchTestHost.AdminToken, new { incidentId, unitId = "police", text = "x" });
        Assert.Equal(HttpStatusCode.OK, adminOrder);
        var audit = await File.ReadAllLinesAsync(Path.Combine(_host.DataDirectory, "audit.jsonl"));
        using var last = JsonDocument.Parse(audit.Last());
        Assert.Equal("root", last.RootElement.GetProperty("User").GetString());
        Assert.Equal("/api/orders", last.RootElement.GetProperty("Target").GetString());
    }
}
