using Gateway.Dispatch.Events;

namespace Gateway.Dispatch.Storage;

/// <summary>Durable, append-only event journal. Appends come from one writer only.</summary>
public interface IJournalStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema; returns the schema version now in place.</summary>
    Task<int> InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Writes all events in one transaction; returns once it is durable.</summary>
    Task AppendAsync(IReadOnlyList<DispatchEvent> events, CancellationToken cancellationToken);

    /// <summary>Events with a sequence above <paramref name="afterSequence"/>, in order, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<DispatchEvent>> ReadSinceAsync(long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Every event of one order, in order: its full audit trail (attempts, keys, statuses, alerts).</summary>
    Task<IReadOnlyList<DispatchEvent>> ReadOrderAsync(Guid orderId, CancellationToken cancellationToken);
}
