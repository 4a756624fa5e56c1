using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Sip.Security.Digest;

public enum NonceCheck
{
    Valid,
    /// <summary>Ours, but older than the lifetime: the client should retry with a fresh nonce (stale=true).</summary>
    Stale,
    /// <summary>Not issued by us (bad MAC, wrong realm, malformed).</summary>
    Invalid,
    /// <summary>The nonce count was not above the highest already accepted for this nonce: a replay.</summary>
    Replay,
}

/// <summary>
/// Stateless nonces: issue time + random, bound to the realm by an HMAC under a per-process key, so a nonce
/// cannot be forged or moved to another realm, and its age is known without storing it. Only nonces that have
/// been used are remembered, with the highest nonce count seen (RFC 7616 §3.3: nc must increase).
/// </summary>
public sealed class DigestNonceService
{
    private const int TimestampLength = 8;
    private const int RandomLength = 8;
    private const int MacLength = 16;
    private const int NonceLength = TimestampLength + RandomLength + MacLength;
    private const int PurgeThreshold = 4096;

    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, UsedNonce> _used = new(StringComparer.Ordinal);

    public DigestNonceService(TimeSpan lifetime, TimeProvider? timeProvider = null, byte[]? key = null)
    {
        if (lifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime));
        Lifetime = lifetime;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _key = key ?? RandomNumberGenerator.GetBytes(32);
    }

    public TimeSpan Lifetime { get; }

    public string Issue(string realm)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.Slice(TimestampLength, RandomLength));
        ComputeMac(nonce[..(TimestampLength + RandomLength)], realm, nonce[(TimestampLength + RandomLength)..]);
        return Base64Url(nonce);
    }

    /// <summary>Checks the nonce and, when valid, records <paramref name="nonceCount"/> (0 = no qop: no replay check possible).</summary>
    public NonceCheck Check(string nonce, string realm, uint nonceCount)
    {
        Span<byte> raw = stackalloc byte[NonceLength];
        if (!TryDecode(nonce, raw)) return NonceCheck.Invalid;
        Span<byte> mac = stackalloc byte[MacLength];
        ComputeMac(raw[..(TimestampLength + RandomLength)], realm, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, raw[(TimestampLength + RandomLength)..])) return NonceCheck.Invalid;

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(raw));
        var now = _timeProvider.GetUtcNow();
        if (now - issued > Lifetime) return NonceCheck.Stale;
        if (nonceCount == 0) return NonceCheck.Valid;

        PurgeIfLarge(now);
        var entry = _used.GetOrAdd(nonce, _ => new UsedNonce(issued));
        lock (entry)
        {
            if (nonceCount <= entry.HighestCount) return NonceCheck.Replay;
            entry.HighestCount = nonceCount;
        }
        return NonceCheck.Valid;
    }

    public int RememberedNonceCount => _used.Count;

    private void PurgeIfLarge(DateTimeOffset now)
    {
        if (_used.Count < PurgeThreshold) return;
        foreach (var pair in _used)
        {
            if (now - pair.Value.Issued > Lifetime) _used.TryRemove(pair);
        }
    }

    private void ComputeMac(ReadOnlySpan<byte> data, string realm, Span<byte> destination)
    {
        var realmBytes = Encoding.UTF8.GetBytes(realm);
        var input = new byte[data.Length + realmBytes.Length];
        data.CopyTo(input);
        realmBytes.CopyTo(input, data.Length);
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, input, full);
        full[..MacLength].CopyTo(destination);
    }

    private static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string nonce, Span<byte> destination)
    {
        // 32 bytes encode to 43 base64url characters without padding.
        if (nonce.Length != 43) return false;
        var padded = nonce.Replace('-', '+').Replace('_', '/') + "=";
        return Convert.TryFromBase64String(padded, destination, out var written) && written == NonceLength;
    }

    private sealed class UsedNonce(DateTimeOffset issued)
    {
        public DateTimeOffset Issued { get; } = issued;
        public uint HighestCount { get; set; }
    }
}
