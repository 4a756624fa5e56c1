using Gateway.Host.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Health;

/// <summary>The data directory exists and a file can be written and flushed in it.</summary>
internal sealed class StorageHealthCheck(IOptions<StorageOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetFullPath(options.Value.DataDirectory);
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, ".health-probe");
            await using (var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
            {
                await stream.WriteAsync("ok"u8.ToArray(), cancellationToken);
            }
            File.Delete(probe);
            return HealthCheckResult.Healthy($"writable: {directory}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"not writable: {directory}: {ex.Message}");
        }
    }
}
