using System.Globalization;
using System.Net;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Registrar;

/// <summary>
/// Registrar for our phones (RFC 3261 §10.3): digest-authenticated REGISTER, bindings with expiry on
/// <see cref="TimeProvider"/>, Min-Expires / 423, removal by Expires: 0 and "*", lookup user → contacts.
/// </summary>
public sealed class SipRegistrar : IDisposable
{
    private readonly RegistrarOptions _options;
    private readonly DigestAuthenticator _authenticator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<RegistrationBinding>> _bindings = new(StringComparer.Ordinal);
    private readonly ITimer _purgeTimer;

    public SipRegistrar(RegistrarOptions options, DigestAuthenticator authenticator, TimeProvider? timeProvider = null, ILogger<SipRegistrar>? logger = null)
    {
        _options = options;
        _authenticator = authenticator;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var period = TimeSpan.FromSeconds(Math.Clamp(options.MinExpiresSeconds, 1, 30));
        _purgeTimer = _time.CreateTimer(_ => PurgeExpired(), null, period, period);
    }

    /// <summary>The user whose bindings changed (registered, refreshed, removed or expired).</summary>
    public event Action<string>? BindingsChanged;

    /// <summary>Answers a REGISTER server transaction; the source is where responses go (Via received/rport or the connection).</summary>
    public void Handle(SipServerTransaction transaction) =>
        transaction.SendResponse(Process(transaction.Request, transaction.Remote, transaction.Transport.Protocol));

    /// <summary>The response to a REGISTER received from <paramref name="source"/> over <paramref name="protocol"/>.</summary>
    public SipResponse Process(SipRequest register, IPEndPoint source, SipTransportProtocol protocol)
    {
        var toTag = NewTag();
        var verification = _authenticator.Verify(register, ChallengeKind.Www);
        switch (verification.Outcome)
        {
            case DigestOutcome.Missing:
                return _authenticator.CreateChallengeResponse(register, ChallengeKind.Www, stale: false, toTag);
            case DigestOutcome.Stale or DigestOutcome.Replay:
                return _authenticator.CreateChallengeResponse(register, ChallengeKind.Www, stale: true, toTag);
            case DigestOutcome.Rejected:
                _logger.LogWarning("REGISTER from {Source} rejected: bad credentials for {User}", source, verification.Username);
                return SipResponseFactory.Create(register, 403, "Forbidden", toTag);
        }
        var user = verification.Username!;
        if (register.To?.Uri.UserUnescaped != user)
            return SipResponseFactory.Create(register, 403, "Forbidden", toTag);
        if (register.CallId is not { } callId || register.CSeq is not { } cseq)
            return SipResponseFactory.Create(register, 400, "Bad Request", toTag);

        if (!TryReadContacts(register, out var contacts, out var wildcard))
            return SipResponseFactory.Create(register, 400, "Bad Request", toTag);

        var now = _time.GetUtcNow();
        if (wildcard)
        {
            if (contacts.Count > 0 || HeaderExpires(register) != 0) return SipResponseFactory.Create(register, 400, "Bad Request", toTag);
            RemoveAll(user, callId, cseq.Number);
            return Ok(register, user, now, toTag);
        }

        var requested = new List<(SipUri Contact, int Expires)>(contacts.Count);
        foreach (var contact in contacts)
        {
            var expires = ContactExpires(contact, register);
            if (expires != 0 && expires < _options.MinExpiresSeconds)
            {
                var brief = SipResponseFactory.Create(register, 423, "Interval Too Brief", toTag);
                brief.Headers.Add(SipHeaderId.MinExpires, _options.MinExpiresSeconds.ToString(CultureInfo.InvariantCulture));
                return brief;
            }
            requested.Add((contact.Uri, Math.Min(expires, _options.MaxExpiresSeconds)));
        }
        if (requested.Count > 0) Apply(user, requested, source, protocol, callId, cseq.Number, now);
        return Ok(register, user, now, toTag);
    }

    /// <summary>The current (unexpired) contacts of a user, most recently registered first.</summary>
    public IReadOnlyList<RegistrationBinding> Lookup(string user)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _bindings.TryGetValue(user, out var list)
                ? list.Where(b => b.ExpiresAt > now).OrderByDescending(b => b.ExpiresAt).ToList()
                : [];
        }
    }

    /// <summary>Whether some phone currently registered from this address (used by the inbound gate).</summary>
    public bool IsRegisteredSource(IPAddress address)
    {
        address = Security.SourceAddressList.Normalize(address);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var list in _bindings.Values)
            {
                foreach (var binding in list)
                {
                    if (binding.ExpiresAt > now && Security.SourceAddressList.Normalize(binding.Source.Address).Equals(address)) return true;
                }
            }
        }
        return false;
    }

    public IReadOnlyCollection<string> RegisteredUsers
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_gate) return _bindings.Where(p => p.Value.Any(b => b.ExpiresAt > now)).Select(p => p.Key).ToList();
        }
    }

    private void Apply(string user, List<(SipUri Contact, int Expires)> requested, IPEndPoint source, SipTransportProtocol protocol, string callId, long cseq, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_bindings.TryGetValue(user, out var list)) _bindings[user] = list = [];
            foreach (var (contact, expires) in requested)
            {
                var index = list.FindIndex(b => SameContact(b.Contact, contact));
                // RFC 3261 §10.3 step 7: an older or repeated CSeq on the same Call-ID must not change the binding.
                if (index >= 0 && list[index].CallId == callId && list[index].CSeq >= cseq) continue;
                if (index >= 0) list.RemoveAt(index);
                if (expires == 0) continue;
                if (list.Count >= _options.MaxContactsPerUser)
                {
                    // A phone that rebooted with a new contact replaces the binding closest to expiry.
                    list.Remove(list.MinBy(b => b.ExpiresAt)!);
                }
                list.Add(new RegistrationBinding(user, contact, source, protocol, now.AddSeconds(expires), callId, cseq));
            }
            if (list.Count == 0) _bindings.Remove(user);
        }
        _logger.LogInformation("Registration of {User} from {Source} updated", user, source);
        BindingsChanged?.Invoke(user);
    }

    private void RemoveAll(string user, string callId, long cseq)
    {
        bool removed;
        lock (_gate)
        {
            removed = _bindings.TryGetValue(user, out var list)
                && list.RemoveAll(b => b.CallId != callId || b.CSeq < cseq) > 0;
            if (list is { Count: 0 }) _bindings.Remove(user);
        }
        if (removed) BindingsChanged?.Invoke(user);
    }

    private SipResponse Ok(SipRequest register, string user, DateTimeOffset now, string toTag)
    {
        var response = SipResponseFactory.Create(register, 200, "OK", toTag);
        foreach (var binding in Lookup(user))
        {
            var seconds = (int)Math.Ceiling(binding.RemainingAt(now).TotalSeconds);
            response.Headers.Add(SipHeaderId.Contact, $"<{binding.Contact}>;expires={seconds.ToString(CultureInfo.InvariantCulture)}");
        }
        response.Headers.Add(SipHeaderId.Date, now.ToString("r", CultureInfo.InvariantCulture));
        return response;
    }

    private void PurgeExpired()
    {
        var now = _time.GetUtcNow();
        List<string>? expired = null;
        lock (_gate)
        {
            foreach (var (user, list) in _bindings)
            {
                if (list.RemoveAll(b => b.ExpiresAt <= now) > 0) (expired ??= []).Add(user);
            }
            if (expired is not null)
            {
                foreach (var user in expired)
                {
                    if (_bindings[user].Count == 0) _bindings.Remove(user);
                }
            }
        }
        if (expired is null) return;
        foreach (var user in expired)
        {
            _logger.LogInformation("Registration of {User} expired", user);
            BindingsChanged?.Invoke(user);
        }
    }

    private static bool TryReadContacts(SipRequest register, out List<NameAddress> contacts, out bool wildcard)
    {
        contacts = [];
        wildcard = false;
        foreach (var value in register.Headers.GetValues(SipHeaderId.Contact))
        {
            var span = value.Span;
            if (span.Length == 1 && span[0] == (byte)'*')
            {
                wildcard = true;
                continue;
            }
            if (!NameAddress.TryParse(span, out var contact)) return false;
            contacts.Add(contact);
        }
        return true;
    }

    private int ContactExpires(NameAddress contact, SipRequest register)
    {
        if (int.TryParse(contact.Parameters.Get("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var fromParameter)) return fromParameter;
        return HeaderExpires(register) ?? _options.DefaultExpiresSeconds;
    }

    private static int? HeaderExpires(SipRequest register) =>
        int.TryParse(register.Headers.GetFirstText(SipHeaderId.Expires)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static bool SameContact(SipUri a, SipUri b) => string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);

    private static string NewTag() => Random.Shared.NextInt64().ToString("x", CultureInfo.InvariantCulture);

    public void Dispose() => _purgeTimer.Dispose();
}
