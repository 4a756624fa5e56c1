using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Sip;

/// <summary>"sip:rtp-receive": the RTP receive threads are all running (a stopped one leaves its legs silent).</summary>
internal sealed class RtpReceiveHealthCheck(RtpReceiveEngineHost receive, SipStack stack) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(receive.Problem() is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy($"{receive.Description}; calls active {stack.Calls?.ActiveCalls ?? 0}"));
}
