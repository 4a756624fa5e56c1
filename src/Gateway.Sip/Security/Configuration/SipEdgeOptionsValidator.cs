using System.Net;

namespace Gateway.Sip.Security.Configuration;

/// <summary>Checks <see cref="SipEdgeOptions"/>; every message names the configuration key at fault.</summary>
public static class SipEdgeOptionsValidator
{
    public static IReadOnlyList<string> Validate(SipEdgeOptions options, string section = SipEdgeOptions.SectionName)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Realm)) errors.Add($"{section}:Realm must not be empty.");
        if (options.DigestAlgorithms.Count == 0) errors.Add($"{section}:DigestAlgorithms must list at least one of SHA-256, MD5.");
        for (var i = 0; i < options.DigestAlgorithms.Count; i++)
        {
            if (options.DigestAlgorithms[i] is null || !Digest.DigestAlgorithms.TryParse(options.DigestAlgorithms[i], out _))
                errors.Add($"{section}:DigestAlgorithms:{i} '{options.DigestAlgorithms[i]}' is not SHA-256 or MD5.");
        }
        if (options.NonceLifetimeSeconds < 10) errors.Add($"{section}:NonceLifetimeSeconds must be at least 10.");
        ValidateTrunks(options.Trunks, $"{section}:Trunks", errors);
        ValidatePhones(options.Phones, $"{section}:Phones", errors);
        ValidateRegistrar(options.Registrar, $"{section}:Registrar", errors);
        var inbound = $"{section}:Inbound";
        if (!(options.Inbound.InvitesPerSecond > 0)) errors.Add($"{inbound}:InvitesPerSecond must be above 0.");
        if (options.Inbound.InviteBurst < 1) errors.Add($"{inbound}:InviteBurst must be at least 1.");
        return errors;
    }

    private static void ValidateTrunks(List<SipTrunkOptions> trunks, string prefix, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < trunks.Count; i++)
        {
            var trunk = trunks[i];
            var key = $"{prefix}:{i}";
            if (string.IsNullOrWhiteSpace(trunk.Name)) errors.Add($"{key}:Name must not be empty.");
            else if (!names.Add(trunk.Name)) errors.Add($"{key}:Name '{trunk.Name}' is used by another trunk.");
            if (trunk.Allow.Count == 0) errors.Add($"{key}:Allow must list at least one address or CIDR block.");
            for (var j = 0; j < trunk.Allow.Count; j++)
            {
                if (!SourceAddressList.TryParseEntry(trunk.Allow[j] ?? "", out _))
                    errors.Add($"{key}:Allow:{j} '{trunk.Allow[j]}' is not an IP address or CIDR block (e.g. 192.0.2.0/24, 2001:db8::/32).");
            }
            var needsHost = trunk.Registration is not null || trunk.KeepAlive is not null;
            if (trunk.Host is not null && !IPAddress.TryParse(trunk.Host, out _)) errors.Add($"{key}:Host '{trunk.Host}' is not an IP address.");
            else if (trunk.Host is null && needsHost) errors.Add($"{key}:Host is required for Registration and KeepAlive.");
            if (trunk.Port is < 1 or > 65535) errors.Add($"{key}:Port must be 1-65535.");
            ValidateDigest(trunk.InboundAuth, $"{key}:InboundAuth", errors);
            ValidateDigest(trunk.OutboundAuth, $"{key}:OutboundAuth", errors);
            if (trunk.Registration is { } registration)
            {
                var r = $"{key}:Registration";
                if (string.IsNullOrWhiteSpace(registration.User)) errors.Add($"{r}:User must not be empty.");
                if (registration.ExpiresSeconds < 60) errors.Add($"{r}:ExpiresSeconds must be at least 60.");
                if (registration.RetryMinSeconds < 1) errors.Add($"{r}:RetryMinSeconds must be at least 1.");
                if (registration.RetryMaxSeconds < registration.RetryMinSeconds) errors.Add($"{r}:RetryMaxSeconds must not be below RetryMinSeconds.");
            }
            if (trunk.KeepAlive is { } keepAlive)
            {
                var k = $"{key}:KeepAlive";
                if (keepAlive.IntervalSeconds < 1) errors.Add($"{k}:IntervalSeconds must be at least 1.");
                if (keepAlive.FailuresBeforeDown < 1) errors.Add($"{k}:FailuresBeforeDown must be at least 1.");
            }
            if (!(trunk.InvitesPerSecond > 0)) errors.Add($"{key}:InvitesPerSecond must be above 0.");
            if (trunk.InviteBurst < 1) errors.Add($"{key}:InviteBurst must be at least 1.");
        }
    }

    private static void ValidateDigest(TrunkDigestOptions? digest, string key, List<string> errors)
    {
        if (digest is null) return;
        if (string.IsNullOrWhiteSpace(digest.Username)) errors.Add($"{key}:Username must not be empty.");
        if (string.IsNullOrEmpty(digest.Password)) errors.Add($"{key}:Password must not be empty.");
    }

    private static void ValidatePhones(List<SipPhoneUserOptions> phones, string prefix, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < phones.Count; i++)
        {
            var key = $"{prefix}:{i}";
            var username = phones[i].Username;
            if (string.IsNullOrWhiteSpace(username) || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+'))
                errors.Add($"{key}:Username must be letters, digits, '-', '_', '.' or '+'.");
            else if (!names.Add(username)) errors.Add($"{key}:Username '{username}' is used by another phone.");
            if (string.IsNullOrEmpty(phones[i].Password)) errors.Add($"{key}:Password must not be empty.");
        }
    }

    private static void ValidateRegistrar(RegistrarOptions registrar, string key, List<string> errors)
    {
        if (registrar.MinExpiresSeconds < 1) errors.Add($"{key}:MinExpiresSeconds must be at least 1.");
        if (registrar.MaxExpiresSeconds < registrar.MinExpiresSeconds) errors.Add($"{key}:MaxExpiresSeconds must not be below MinExpiresSeconds.");
        if (registrar.DefaultExpiresSeconds < registrar.MinExpiresSeconds || registrar.DefaultExpiresSeconds > registrar.MaxExpiresSeconds)
            errors.Add($"{key}:DefaultExpiresSeconds must lie between MinExpiresSeconds and MaxExpiresSeconds.");
        if (registrar.MaxContactsPerUser < 1) errors.Add($"{key}:MaxContactsPerUser must be at least 1.");
    }
}
