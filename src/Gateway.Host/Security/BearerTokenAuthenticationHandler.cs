using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> (or <c>?access_token=</c> on WebSocket
/// upgrades, which browsers cannot send headers with) against the configured API clients.
/// Tokens are compared as SHA-256 hashes in constant time.
/// </summary>
internal sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiOptions> api) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "GatewayBearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
            return Task.FromResult(AuthenticateResult.NoResult());
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        foreach (var client in api.Value.Clients)
        {
            if (!CryptographicOperations.FixedTimeEquals(hash, client.TokenHash()))
                continue;
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, client.Name), new Claim(ClaimTypes.Role, client.Role)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
        return Task.FromResult(AuthenticateResult.Fail("unknown token"));
    }

    private string? ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header["Bearer ".Length..].Trim();
        if (Context.WebSockets.IsWebSocketRequest && Request.Query.TryGetValue("access_token", out var q))
            return q.ToString();
        return null;
    }
}
