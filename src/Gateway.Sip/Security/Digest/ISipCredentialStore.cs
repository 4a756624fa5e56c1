using System.Diagnostics.CodeAnalysis;

namespace Gateway.Sip.Security.Digest;

/// <summary>Where a digest server finds the password of a user it authenticates.</summary>
public interface ISipCredentialStore
{
    bool TryGetPassword(string username, [NotNullWhen(true)] out string? password);
}

/// <summary>Credentials held in memory (from configuration); usernames compare exactly (RFC 3261 userinfo is case-sensitive).</summary>
public sealed class InMemoryCredentialStore(IEnumerable<KeyValuePair<string, string>> users) : ISipCredentialStore
{
    private readonly Dictionary<string, string> _users = new(users, StringComparer.Ordinal);

    public bool Contains(string username) => _users.ContainsKey(username);

    public bool TryGetPassword(string username, [NotNullWhen(true)] out string? password) => _users.TryGetValue(username, out password);
}
