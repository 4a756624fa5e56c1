namespace Gateway.Dispatch.Storage;

/// <summary>One versioned schema step; applied in order, each in its own transaction.</summary>
public sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements);

/// <summary>The journal schema, the same tables and columns for every database; only type names differ.</summary>
internal static class JournalSchema
{
    public static IReadOnlyList<SchemaMigration> For(bool postgres)
    {
        var bigint = postgres ? "BIGINT" : "INTEGER";
        return
        [
            new SchemaMigration(1, "journal table",
            [
                $"CREATE TABLE journal (seq {bigint} PRIMARY KEY, at_utc_ticks {bigint} NOT NULL, type TEXT NOT NULL, order_id TEXT NULL, payload TEXT NOT NULL)",
            ]),
            new SchemaMigration(2, "per-order lookup",
            [
                "CREATE INDEX ix_journal_order ON journal (order_id)",
            ]),
        ];
    }

    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at_utc TEXT NOT NULL)";
}
