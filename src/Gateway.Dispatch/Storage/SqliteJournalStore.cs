using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Gateway.Dispatch.Storage;

/// <summary>
/// The default store: one SQLite file in WAL mode with synchronous=FULL, so a committed
/// transaction survives power loss, not only a process crash.
/// </summary>
public sealed class SqliteJournalStore(string databasePath) : DbJournalStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    protected override bool IsPostgres => false;

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override Task ConfigureConnectionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;", cancellationToken);
}
