using System.Security.Cryptography;
using System.Text;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Dispatch.DutyTerminals;

/// <summary>
/// One duty terminal's credentials. A terminal is not an API client: its token opens only
/// <c>/api/duty/{Id}</c> and lets it report only on orders sent to that terminal.
/// </summary>
public sealed class DutyTerminalCredential
{
    /// <summary>The terminal id: a unit's DutyTerminal channel address (usually the unit id).</summary>
    public string Id { get; set; } = "";

    public string? Token { get; set; }

    /// <summary>Hex SHA-256 of the token, so files need not hold the secret.</summary>
    public string? TokenSha256 { get; set; }

    internal byte[] TokenHash() => Token is not null
        ? SHA256.HashData(Encoding.UTF8.GetBytes(Token))
        : Convert.FromHexString(TokenSha256!);
}

/// <summary>Duty terminals under <c>Gateway:DutyTerminals</c>.</summary>
public sealed class DutyTerminalOptions
{
    public const string Section = "Gateway:DutyTerminals";

    public static readonly TimeSpan DefaultOfferedKeyRetention = TimeSpan.FromDays(7);

    public List<DutyTerminalCredential> Terminals { get; set; } = [];

    /// <summary>How long an offered attempt's key is remembered across restarts (the log is compacted at start).</summary>
    public TimeSpan OfferedKeyRetention { get; set; } = DefaultOfferedKeyRetention;
}

internal sealed class DutyTerminalOptionsValidator : IValidateOptions<DutyTerminalOptions>
{
    public ValidateOptionsResult Validate(string? name, DutyTerminalOptions options)
    {
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Terminals.Count; i++)
        {
            var t = options.Terminals[i];
            var key = $"Terminals:{i}";
            if (string.IsNullOrWhiteSpace(t.Id) || !ids.Add(t.Id))
                errors.Add(ConfigError.Format(DutyTerminalOptions.Section, $"{key}:Id", "must be set and unique"));
            if (t.Token is null == t.TokenSha256 is null)
                errors.Add(ConfigError.Format(DutyTerminalOptions.Section, $"{key}:Token", "set exactly one of Token and TokenSha256"));
            else if (t.Token is { Length: < 16 })
                errors.Add(ConfigError.Format(DutyTerminalOptions.Section, $"{key}:Token", "must be at least 16 characters"));
            else if (t.TokenSha256 is not null && (t.TokenSha256.Length != 64 || !t.TokenSha256.All(char.IsAsciiHexDigit)))
                errors.Add(ConfigError.Format(DutyTerminalOptions.Section, $"{key}:TokenSha256", "must be 64 hex digits"));
        }
        if (options.OfferedKeyRetention < TimeSpan.FromDays(1))
            errors.Add(ConfigError.Format(DutyTerminalOptions.Section, nameof(DutyTerminalOptions.OfferedKeyRetention),
                $"must be at least 1.00:00:00, far longer than an order stays open (got {options.OfferedKeyRetention})"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
