using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Health;

/// <summary>
/// Writes /health as JSON: an overall status and one entry per component. A component that
/// is down but not required reports "degraded" so the overall answer stays 200.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = StatusText(report.Status),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 3),
            components = report.Entries
                .OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new
                {
                    name = e.Key,
                    kind = e.Value.Tags.FirstOrDefault() ?? "component",
                    status = StatusText(e.Value.Status),
                    detail = e.Value.Description,
                    data = e.Value.Data.Count == 0 ? null : e.Value.Data,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static string StatusText(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "up",
        HealthStatus.Degraded => "degraded",
        _ => "down",
    };
}
