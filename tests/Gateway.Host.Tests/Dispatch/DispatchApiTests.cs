using System.Net;
using System.Text.Json;
using Gateway.Dispatch.Events;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Tests.Dispatch;

public sealed class DispatchApiTests : IAsyncLifetime
{
    private DispatchTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DispatchTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Incident_and_order_round_trip_through_the_api()
    {
        var (status, opened) = await _host.PostAsync("/api/incidents", DispatchTestHost.CallTakerToken, new
        {
            category = "Criminal", locationText = "解放路 3 号", latitude = 29.98, longitude = 122.2, isEmergency = true, priority = "High",
            call = new { callerNumber = "13800000000", callId = "call-1", recordingReference = "rec/1.wav" },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        var incidentId = opened.GetProperty("incident").GetProperty("id").GetGuid();
        Assert.Equal("police", opened.GetProperty("decision").GetProperty("leadUnit").GetProperty("id").GetString());

        var order = await _host.DispatchOrderAsync(incidentId, "police", "请立即出警");
        var orderId = order.GetProperty("id").GetGuid();
        Assert.Equal("DutyTerminal", order.GetProperty("attempts")[0].GetProperty("channel").GetString());

        var (_, incident) = await _host.GetAsync($"/api/incidents/{incidentId}", DispatchTestHost.CallTakerToken);
        Assert.Equal(orderId, incident.GetProperty("orderIds")[0].GetGuid());
        Assert.Equal("13800000000", incident.GetProperty("details").GetProperty("call").GetProperty("callerNumber").GetString());
        var (_, list) = await _host.GetAsync("/api/incidents", DispatchTestHost.CallTakerToken);
        Assert.Equal(1, list.GetArrayLength());
        var (_, orders) = await _host.GetAsync("/api/orders", DispatchTestHost.CallTakerToken);
        Assert.Equal(orderId, orders[0].GetProperty("id").GetGuid());

        var (trailStatus, trail) = await _host.GetAsync($"/api/orders/{orderId}/events", DispatchTestHost.DispatcherToken);
        Assert.Equal(HttpStatusCode.OK, trailStatus);
        var types = trail.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("order.created", types[0]);
        Assert.Contains("delivery.started", types);
        var sequences = trail.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
    }

    [Fact]
    public async Task Statuses_map_to_404_400_409_and_feedback_completes_the_order()
    {
        var incidentId = await _host.OpenIncidentAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await _host.PostAsync("/api/orders", DispatchTestHost.DispatcherToken, new { incidentId = Guid.NewGuid(), unitId = "police", text = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.PostAsync("/api/orders", DispatchTestHost.DispatcherToken, new { incidentId, unitId = "nobody", text = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.PostAsync("/api/orders", DispatchTestHost.DispatcherToken, new { incidentId, unitId = "police", text = " " })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.PostAsync("/api/orders", DispatchTestHost.DispatcherToken, "{not json")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.PostAsync("/api/incidents", DispatchTestHost.DispatcherToken, new { category = "NoSuchCategory", locationText = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.PostAsync("/api/incidents", DispatchTestHost.DispatcherToken, new { category = "Fire" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync($"/api/orders/{Guid.NewGuid()}", DispatchTestHost.DispatcherToken)).Status);

        var orderId = (await _host.DispatchOrderAsync(incidentId, "police")).GetProperty("id").GetGuid();
        var (illegal, error) = await _host.PostAsync($"/api/orders/{orderId}/feedback", DispatchTestHost.DispatcherToken, new { note = "done" });
        Assert.Equal(HttpStatusCode.Conflict, illegal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));

        foreach (var state in new[] { "Acknowledged", "OnScene", "Completed" })
            Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync($"/api/orders/{orderId}/status", DispatchTestHost.DispatcherToken, new { state, note = "by phone" })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _host.PostAsync($"/api/orders/{orderId}/status", DispatchTestHost.DispatcherToken, new { state = "EnRoute" })).Status);
        var (ok, order) = await _host.PostAsync($"/api/orders/{orderId}/feedback", DispatchTestHost.DispatcherToken, new { note = "水管已修复" });
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("FeedbackReceived", order.GetProperty("state").GetString());
        Assert.Equal("FeedbackReceived", _host.Engine.GetOrder(orderId)!.State.ToString());
    }

    [Fact]
    public async Task Handover_records_the_competent_unit()
    {
        var incidentId = await _host.OpenIncidentAsync("WaterFailure");
        var (status, incident) = await _host.PostAsync($"/api/incidents/{incidentId}/handover", DispatchTestHost.DispatcherToken, new { toUnitId = "police", reason = "scene secured" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("police", incident.GetProperty("responsibleUnitId").GetString());
        Assert.Equal("scene secured", incident.GetProperty("handovers")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _host.PostAsync($"/api/incidents/{incidentId}/handover", DispatchTestHost.DispatcherToken, new { toUnitId = "police" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.PostAsync($"/api/incidents/{Guid.NewGuid()}/handover", DispatchTestHost.DispatcherToken, new { toUnitId = "police" })).Status);
    }

    [Fact]
    public async Task Admin_registers_units_and_reads_reports_as_json_csv_and_markdown()
    {
        var unit = new
        {
            id = "gas", name = "燃气公司", tier = "Tier2", role = "Department", area = "Urban", categories = new[] { "GasFailure" },
            dutyName = "值班室", dutyPhone = "0574-5000", channels = new[] { new { kind = "Fax", address = "0574-5001" } },
        };
        var (status, registered) = await _host.PostAsync("/api/units", DispatchTestHost.AdminToken, unit);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("燃气公司", registered.GetProperty("name").GetString());
        var (_, units) = await _host.GetAsync("/api/units", DispatchTestHost.CallTakerToken);
        Assert.Contains(units.EnumerateArray(), u => u.GetProperty("id").GetString() == "gas");
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.PostAsync("/api/units", DispatchTestHost.AdminToken, new { id = "empty", name = "no channels", dutyPhone = "1" })).Status);

        var incidentId = await _host.OpenIncidentAsync();
        await _host.DispatchOrderAsync(incidentId, "police");
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var (jsonStatus, assessment) = await _host.GetAsync($"/api/reports/assessment?from={from}&to={to}", DispatchTestHost.AdminToken);
        Assert.Equal(HttpStatusCode.OK, jsonStatus);
        Assert.Equal(1, assessment.GetProperty("overall").GetProperty("orders").GetInt32());
        var (_, csvByQuery) = await _host.GetAsync($"/api/reports/assessment?from={from}&to={to}&format=csv", DispatchTestHost.AdminToken);
        var (_, csvByAccept) = await _host.GetAsync($"/api/reports/assessment?from={from}&to={to}", DispatchTestHost.AdminToken, accept: "text/csv");
        Assert.StartsWith("grouping,group,orders", csvByQuery.GetString());
        Assert.Contains(csvByQuery.GetString()!.Split("\r\n"), line => line.StartsWith("unit,", StringComparison.Ordinal) && line.Split(',')[2] == "1");
        Assert.Equal(csvByQuery.GetString(), csvByAccept.GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.GetAsync($"/api/reports/assessment?from={to}&to={from}", DispatchTestHost.AdminToken)).Status);

        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var quarter = (now.Month - 1) / 3 + 1;
        var (_, markdown) = await _host.GetAsync($"/api/reports/quarterly/{now.Year}/{quarter}?format=markdown", DispatchTestHost.AdminToken);
        Assert.Contains($"{now.Year} Q{quarter}", markdown.GetString());
        var (_, quarterly) = await _host.GetAsync($"/api/reports/quarterly/{now.Year}/{quarter}", DispatchTestHost.AdminToken);
        Assert.Equal(1, quarterly.GetProperty("assessment").GetProperty("overall").GetProperty("orders").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.GetAsync($"/api/reports/quarterly/{now.Year}/5", DispatchTestHost.AdminToken)).Status);
    }

    [Fact]
    public async Task Health_lists_the_journal_and_metrics_show_the_dispatch_meter()
    {
        var incidentId = await _host.OpenIncidentAsync();
        await _host.DispatchOrderAsync(incidentId, "police");
        var (status, health) = await _host.GetAsync("/health", null);
        Assert.Equal(HttpStatusCode.OK, status);
        var journal = health.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "storage:journal");
        Assert.Equal("up", journal.GetProperty("status").GetString());

        var (_, metrics) = await _host.GetAsync("/metrics", null);
        var text = metrics.GetString()!;
        Assert.Contains("dispatch_orders{state=\"", text);
        Assert.Contains("dispatch_delivery_attempts_total{channel=\"duty-terminal\"} ", text);
        // Other test hosts in this process publish the same meter, so there may be several series: one is ours.
        var transactions = text.Split('\n').Where(l => l.StartsWith("dispatch_journal_transactions_total ", StringComparison.Ordinal));
        Assert.Contains(transactions, l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}

public sealed class DispatchConfigurationTests
{
    [Fact]
    public async Task Bad_dispatch_config_stops_start_naming_the_key()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => DispatchTestHost.StartAsync("--Dispatch:MaxGroupCommitSize=0"));
        Assert.Contains("Dispatch:MaxGroupCommitSize", failure.Message);
    }

    [Fact]
    public async Task Bad_duty_terminal_token_stops_start_naming_the_key()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => DispatchTestHost.StartAsync("--Gateway:DutyTerminals:Terminals:0:Token=short"));
        Assert.Contains("Gateway:DutyTerminals:Terminals:0:Token", failure.Message);
    }

    [Fact]
    public async Task Orders_survive_a_restart_on_the_same_data_directory()
    {
        var dir = Directory.CreateTempSubdirectory("gw-dispatch-restart-").FullName;
        try
        {
            Guid orderId;
            await using (var first = await DispatchTestHost.StartAsync($"--Gateway:Storage:DataDirectory={dir}"))
            {
                var incidentId = await first.OpenIncidentAsync();
                orderId = (await first.DispatchOrderAsync(incidentId, "police")).GetProperty("id").GetGuid();
            }
            await using var second = await DispatchTestHost.StartAsync($"--Gateway:Storage:DataDirectory={dir}");
            var (status, order) = await second.GetAsync($"/api/orders/{orderId}", DispatchTestHost.CallTakerToken);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(File.Exists(Path.Combine(dir, "dispatch.db")));
            Assert.Equal(orderId, order.GetProperty("id").GetGuid());
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }
}

public sealed class DispatchUnavailableTests
{
    [Fact]
    public async Task An_unopenable_journal_leaves_the_host_up_with_503_and_health_down()
    {
        var dir = Directory.CreateTempSubdirectory("gw-dispatch-blocked-").FullName;
        var blocker = Path.Combine(dir, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        try
        {
            await using var host = await DispatchTestHost.StartAsync($"--Gateway:Storage:DataDirectory={blocker}");
            var (status, _) = await host.GetAsync("/api/orders", DispatchTestHost.DispatcherToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            var (healthStatus, health) = await host.GetAsync("/health", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, healthStatus);
            var journal = health.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "storage:journal");
            Assert.Equal("down", journal.GetProperty("status").GetString());
            Assert.Contains("failed to start", journal.GetProperty("detail").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
