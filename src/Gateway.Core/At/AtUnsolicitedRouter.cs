using System.Text;

namespace Gateway.Core.At;

/// <summary>
/// Routes unsolicited result codes to subscribers by line prefix. A prefix matches a line that
/// starts with it when the next byte, if any, is not a letter or digit (<c>+FHS</c> matches
/// <c>+FHS:00</c>, <c>+CTX</c> does not match <c>+CTXG: …</c>). Every matching subscriber gets the
/// line. Subscribing is thread-safe (copy-on-write); dispatch allocates nothing.
/// </summary>
public sealed class AtUnsolicitedRouter
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    /// <summary>Raised when a handler throws; the router itself never lets the exception out.</summary>
    public event Action<string, Exception>? HandlerFailed;

    /// <summary>
    /// Registers <paramref name="handler"/> for lines starting with <paramref name="prefix"/>.
    /// With <paramref name="hasPayloadLine"/>, the line after a match is its payload and is delivered with it.
    /// Dispose the result to unsubscribe.
    /// </summary>
    public IDisposable Subscribe(string prefix, AtUnsolicitedHandler handler, bool hasPayloadLine = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, prefix, Encoding.Latin1.GetBytes(prefix), handler, hasPayloadLine);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    /// <summary>True when some subscriber wants <paramref name="line"/>; <paramref name="hasPayloadLine"/> when any of them expects a payload line.</summary>
    public bool Matches(ReadOnlySpan<byte> line, out bool hasPayloadLine)
    {
        bool matched = false;
        hasPayloadLine = false;
        foreach (Subscription subscription in Volatile.Read(ref _subscriptions))
        {
            if (IsMatch(line, subscription.PrefixBytes))
            {
                matched = true;
                hasPayloadLine |= subscription.HasPayloadLine;
            }
        }

        return matched;
    }

    /// <summary>Delivers a URC to every matching subscriber; returns how many got it.</summary>
    public int Dispatch(ReadOnlySpan<byte> line, ReadOnlySpan<byte> payloadLine, bool hasPayloadLine)
    {
        int delivered = 0;
        var message = new AtUnsolicitedMessage(line, payloadLine, hasPayloadLine);
        foreach (Subscription subscription in Volatile.Read(ref _subscriptions))
        {
            if (!IsMatch(line, subscription.PrefixBytes))
            {
                continue;
            }

            delivered++;
            try
            {
                subscription.Handler(in message);
            }
            catch (Exception ex)
            {
                // A faulty subscriber must not stop the read loop or starve the others.
                HandlerFailed?.Invoke(subscription.Prefix, ex);
            }
        }

        return delivered;
    }

    internal static bool IsMatch(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix)
    {
        if (!line.StartsWith(prefix))
        {
            return false;
        }

        return line.Length == prefix.Length || !char.IsAsciiLetterOrDigit((char)line[prefix.Length]);
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_subscriptions, subscription);
            if (index >= 0)
            {
                _subscriptions = [.. _subscriptions.AsSpan(0, index), .. _subscriptions.AsSpan(index + 1)];
            }
        }
    }

    private sealed class Subscription(AtUnsolicitedRouter owner, string prefix, byte[] prefixBytes, AtUnsolicitedHandler handler, bool hasPayloadLine)
        : IDisposable
    {
        public string Prefix { get; } = prefix;

        public byte[] PrefixBytes { get; } = prefixBytes;

        public AtUnsolicitedHandler Handler { get; } = handler;

        public bool HasPayloadLine { get; } = hasPayloadLine;

        public void Dispose() => owner.Remove(this);
    }
}
