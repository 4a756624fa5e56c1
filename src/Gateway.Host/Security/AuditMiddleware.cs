using System.Security.Claims;

namespace Gateway.Host.Security;

/// <summary>
/// Audits every API command (any non-GET request under /api) and every refused API request.
/// The entry is written when the response starts, so it is on disk before the client learns
/// the outcome.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditLog audit, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.OnStarting(() =>
            {
                var status = context.Response.StatusCode;
                var command = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
                if (!command && status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden))
                    return Task.CompletedTask;
                var user = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name ?? "?" : "anonymous";
                var role = context.User.FindFirstValue(ClaimTypes.Role) ?? "-";
                var entry = new AuditEntry(time.GetUtcNow(), user, role, context.Request.Method, context.Request.Path + context.Request.QueryString,
                    status, context.Connection.RemoteIpAddress?.ToString());
                return audit.WriteAsync(entry, context.RequestAborted);
            });
        }
        return next(context);
    }
}
