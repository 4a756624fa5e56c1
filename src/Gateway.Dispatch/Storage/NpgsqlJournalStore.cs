using System.Data.Common;
using Npgsql;

namespace Gateway.Dispatch.Storage;

/// <summary>
/// The PostgreSQL option: the same journal schema and migrations as SQLite. Durability comes from the server's
/// synchronous_commit (on by default).
/// </summary>
public sealed class NpgsqlJournalStore(string connectionString) : DbJournalStore
{
    protected override bool IsPostgres => true;

    protected override DbConnection CreateConnection() => new NpgsqlConnection(connectionString);
}
