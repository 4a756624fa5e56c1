namespace Gateway.Radio.Sds;

/// <summary>
/// Joins the parts of concatenated text messages, keyed by sender and concatenation reference.
/// Bounded: at most <see cref="MaxPendingMessages"/> incomplete messages are kept, and parts older
/// than the expiry are dropped (a lost part must not hold memory for ever). Not thread-safe: the
/// terminal feeds it from its single URC loop.
/// </summary>
public sealed class SdsConcatenationAssembler
{
    public const int MaxPendingMessages = 64;

    private readonly TimeProvider _time;
    private readonly TimeSpan _expiry;
    private readonly Dictionary<(string Source, byte Reference), Pending> _pending = [];

    public SdsConcatenationAssembler(TimeProvider time, TimeSpan expiry)
    {
        _time = time;
        _expiry = expiry;
    }

    public int PendingCount => _pending.Count;

    /// <summary>Adds a part; returns the whole text when this part completes it, otherwise null.</summary>
    public string? Add(string source, SdsConcatenation part, string text)
    {
        if (part.Total == 0 || part.Sequence == 0 || part.Sequence > part.Total)
        {
            return null;
        }

        if (part.Total == 1)
        {
            return text;
        }

        var now = _time.GetUtcNow();
        DropExpired(now);
        var key = (source, part.Reference);
        if (!_pending.TryGetValue(key, out var pending) || pending.Parts.Length != part.Total)
        {
            if (_pending.Count >= MaxPendingMessages)
            {
                DropOldest();
            }

            pending = new Pending(new string?[part.Total], now);
            _pending[key] = pending;
        }

        pending.Parts[part.Sequence - 1] = text;
        if (Array.Exists(pending.Parts, p => p is null))
        {
            return null;
        }

        _pending.Remove(key);
        return string.Concat(pending.Parts);
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var (key, pending) in _pending)
        {
            if (now - pending.Started > _expiry)
            {
                _pending.Remove(key);
            }
        }
    }

    private void DropOldest()
    {
        var oldest = _pending.MinBy(p => p.Value.Started);
        _pending.Remove(oldest.Key);
    }

    private sealed record Pending(string?[] Parts, DateTimeOffset Started);
}
