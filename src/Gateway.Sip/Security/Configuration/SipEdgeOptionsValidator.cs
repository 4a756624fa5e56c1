using System.Net;

namespace Gateway.Sip.Security.Configuration;

/// <summary>One problem in <see cref="SipEdgeOptions"/>: the key relative to the section (e.g. "Trunks:0:Sources:1") and what is wrong.</summary>
public sealed record SipEdgeOptionsError(string Key, string Problem)
{
    /// <summary>"Gateway:Sip:Trunks:0:Name: must not be empty".</summary>
    public string Format(string section = SipEdgeOptions.SectionName) => $"{section}:{Key}: {Problem}";

    public override string ToString() => Format();
}

/// <summary>Checks <see cref="SipEdgeOptions"/>; every error names the configuration key at fault.</summary>
public static class SipEdgeOptionsValidator
{
    public static IReadOnlyList<SipEdgeOptionsError> Validate(SipEdgeOptions options)
    {
        var errors = new List<SipEdgeOptionsError>();
        if (string.IsNullOrWhiteSpace(options.Realm)) errors.Add(new("Realm", "must not be empty"));
        ValidateAlgorithms(options.DigestAlgorithms, "DigestAlgorithms", errors, emptyMeansDefault: true);
        if (options.NonceLifetimeSeconds < 10) errors.Add(new("NonceLifetimeSeconds", $"must be at least 10 (got {options.NonceLifetimeSeconds})"));
        ValidateTrunks(options.Trunks, errors);
        ValidatePhones(options.Phones, errors);
        ValidateRegistrar(options.Registrar, errors);
        if (!(options.Inbound.InvitesPerSecond > 0)) errors.Add(new("Inbound:InvitesPerSecond", $"must be above 0 (got {options.Inbound.InvitesPerSecond})"));
        if (options.Inbound.InviteBurst < 1) errors.Add(new("Inbound:InviteBurst", $"must be at least 1 (got {options.Inbound.InviteBurst})"));
        return errors;
    }

    private static void ValidateAlgorithms(List<string> algorithms, string key, List<SipEdgeOptionsError> errors, bool emptyMeansDefault = false)
    {
        if (algorithms.Count == 0 && !emptyMeansDefault) errors.Add(new(key, "must list at least one of SHA-256, MD5"));
        for (var i = 0; i < algorithms.Count; i++)
        {
            if (algorithms[i] is null || !Digest.DigestAlgorithms.TryParse(algorithms[i], out _))
                errors.Add(new($"{key}:{i}", $"must be SHA-256 or MD5 (got '{algorithms[i]}')"));
        }
    }

    private static void ValidateTrunks(List<SipTrunkOptions> trunks, List<SipEdgeOptionsError> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < trunks.Count; i++)
        {
            var trunk = trunks[i];
            var key = $"Trunks:{i}";
            if (string.IsNullOrWhiteSpace(trunk.Name) || !trunk.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                errors.Add(new($"{key}:Name", $"must be letters, digits, '-', '_' or '.' (got '{trunk.Name}')"));
            else if (!names.Add(trunk.Name)) errors.Add(new($"{key}:Name", $"'{trunk.Name}' is used by another trunk"));
            if (trunk.Sources.Count == 0) errors.Add(new($"{key}:Sources", "must list at least one address or CIDR block"));
            for (var j = 0; j < trunk.Sources.Count; j++)
            {
                if (!SourceAddressList.TryParseEntry(trunk.Sources[j] ?? "", out _))
                    errors.Add(new($"{key}:Sources:{j}", $"must be an IP address or CIDR block, e.g. 192.0.2.0/24 or 2001:db8::/32 (got '{trunk.Sources[j]}')"));
            }
            var needsHost = trunk.Registration is not null || trunk.KeepAlive is not null;
            if (trunk.Host is not null && !IPAddress.TryParse(trunk.Host, out _)) errors.Add(new($"{key}:Host", $"must be an IP address (got '{trunk.Host}')"));
            else if (trunk.Host is null && needsHost) errors.Add(new($"{key}:Host", "is required for Registration and KeepAlive"));
            if (trunk.Port is < 1 or > 65535) errors.Add(new($"{key}:Port", $"must be 1-65535 (got {trunk.Port})"));
            ValidateDigest(trunk.InboundAuth, $"{key}:InboundAuth", errors);
            ValidateDigest(trunk.OutboundAuth, $"{key}:OutboundAuth", errors);
            if (trunk.Registration is { } registration)
            {
                var r = $"{key}:Registration";
                if (string.IsNullOrWhiteSpace(registration.User)) errors.Add(new($"{r}:User", "must not be empty"));
                if (registration.ExpiresSeconds < 60) errors.Add(new($"{r}:ExpiresSeconds", $"must be at least 60 (got {registration.ExpiresSeconds})"));
                if (registration.RetryMinSeconds < 1) errors.Add(new($"{r}:RetryMinSeconds", $"must be at least 1 (got {registration.RetryMinSeconds})"));
                if (registration.RetryMaxSeconds < registration.RetryMinSeconds) errors.Add(new($"{r}:RetryMaxSeconds", "must not be below RetryMinSeconds"));
            }
            if (trunk.KeepAlive is { } keepAlive)
            {
                var k = $"{key}:KeepAlive";
                if (keepAlive.IntervalSeconds < 1) errors.Add(new($"{k}:IntervalSeconds", $"must be at least 1 (got {keepAlive.IntervalSeconds})"));
                if (keepAlive.FailuresBeforeDown < 1) errors.Add(new($"{k}:FailuresBeforeDown", $"must be at least 1 (got {keepAlive.FailuresBeforeDown})"));
            }
            if (!(trunk.InvitesPerSecond > 0)) errors.Add(new($"{key}:InvitesPerSecond", $"must be above 0 (got {trunk.InvitesPerSecond})"));
            if (trunk.InviteBurst < 1) errors.Add(new($"{key}:InviteBurst", $"must be at least 1 (got {trunk.InviteBurst})"));
        }
    }

    private static void ValidateDigest(TrunkDigestOptions? digest, string key, List<SipEdgeOptionsError> errors)
    {
        if (digest is null) return;
        if (string.IsNullOrWhiteSpace(digest.Username)) errors.Add(new($"{key}:Username", "must not be empty"));
        if (string.IsNullOrEmpty(digest.Password)) errors.Add(new($"{key}:Password", "must not be empty"));
        if (digest.Algorithms is { } algorithms) ValidateAlgorithms(algorithms, $"{key}:Algorithms", errors);
    }

    private static void ValidatePhones(List<SipPhoneUserOptions> phones, List<SipEdgeOptionsError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < phones.Count; i++)
        {
            var key = $"Phones:{i}";
            var username = phones[i].Username;
            if (string.IsNullOrWhiteSpace(username) || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+'))
                errors.Add(new($"{key}:Username", $"must be letters, digits, '-', '_', '.' or '+' (got '{username}')"));
            else if (!names.Add(username)) errors.Add(new($"{key}:Username", $"'{username}' is used by another phone"));
            if (string.IsNullOrEmpty(phones[i].Password)) errors.Add(new($"{key}:Password", "must not be empty"));
        }
    }

    private static void ValidateRegistrar(RegistrarOptions registrar, List<SipEdgeOptionsError> errors)
    {
        const string key = "Registrar";
        if (registrar.MinExpiresSeconds < 1) errors.Add(new($"{key}:MinExpiresSeconds", $"must be at least 1 (got {registrar.MinExpiresSeconds})"));
        if (registrar.MaxExpiresSeconds < registrar.MinExpiresSeconds) errors.Add(new($"{key}:MaxExpiresSeconds", "must not be below MinExpiresSeconds"));
        if (registrar.DefaultExpiresSeconds < registrar.MinExpiresSeconds || registrar.DefaultExpiresSeconds > registrar.MaxExpiresSeconds)
            errors.Add(new($"{key}:DefaultExpiresSeconds", "must lie between MinExpiresSeconds and MaxExpiresSeconds"));
        if (registrar.MaxContactsPerUser < 1) errors.Add(new($"{key}:MaxContactsPerUser", $"must be at least 1 (got {registrar.MaxContactsPerUser})"));
    }
}
