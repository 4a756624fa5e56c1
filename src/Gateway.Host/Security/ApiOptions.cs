using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Security;

/// <summary>Roles an API client can hold. An admin may do everything a dispatcher or call-taker may.</summary>
public static class ApiRoles
{
    public const string CallTaker = "call-taker";
    public const string Dispatcher = "dispatcher";
    public const string Admin = "admin";

    public static readonly string[] All = [CallTaker, Dispatcher, Admin];

    /// <summary>Authorization policy: any of the API roles.</summary>
    public const string AnyRole = "any-role";
}

/// <summary>One API client: a bearer token bound to a name and a role.</summary>
public sealed class ApiClientOptions
{
    /// <summary>Who this is (shown in the audit log), e.g. "console-dispatcher-1".</summary>
    public string Name { get; set; } = "";

    /// <summary>The token in clear (at least 16 characters). Prefer <see cref="TokenSha256"/> in files.</summary>
    public string? Token { get; set; }

    /// <summary>Hex SHA-256 of the token, so configuration files need not hold the secret.</summary>
    public string? TokenSha256 { get; set; }

    public string Role { get; set; } = ApiRoles.Dispatcher;

    internal byte[] TokenHash() => Token is not null
        ? SHA256.HashData(Encoding.UTF8.GetBytes(Token))
        : Convert.FromHexString(TokenSha256!);
}

/// <summary>API clients under <c>Gateway:Api:Clients</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Gateway:Api";

    public List<ApiClientOptions> Clients { get; set; } = [];
}

internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var c = options.Clients[i];
            var key = $"Clients:{i}";
            if (string.IsNullOrWhiteSpace(c.Name) || !names.Add(c.Name))
                errors.Add(Configuration.ConfigError.Format(ApiOptions.Section, $"{key}:Name", "must be set and unique"));
            if (!ApiRoles.All.Contains(c.Role))
                errors.Add(Configuration.ConfigError.Format(ApiOptions.Section, $"{key}:Role", $"must be one of {string.Join(", ", ApiRoles.All)} (got '{c.Role}')"));
            if (c.Token is null == c.TokenSha256 is null)
                errors.Add(Configuration.ConfigError.Format(ApiOptions.Section, $"{key}:Token", "set exactly one of Token and TokenSha256"));
            else if (c.Token is { Length: < 16 })
                errors.Add(Configuration.ConfigError.Format(ApiOptions.Section, $"{key}:Token", "must be at least 16 characters"));
            else if (c.TokenSha256 is not null && (c.TokenSha256.Length != 64 || !c.TokenSha256.All(char.IsAsciiHexDigit)))
                errors.Add(Configuration.ConfigError.Format(ApiOptions.Section, $"{key}:TokenSha256", "must be 64 hex digits"));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
