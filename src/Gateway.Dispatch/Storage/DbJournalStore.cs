using System.Data.Common;
using System.Globalization;
using Gateway.Dispatch.Events;

namespace Gateway.Dispatch.Storage;

/// <summary>
/// ADO.NET journal shared by the SQLite and PostgreSQL stores: same schema, same statements.
/// The write connection stays open and is used by the single journal writer only; reads open their own.
/// </summary>
public abstract class DbJournalStore : IJournalStore
{
    private DbConnection? _writeConnection;

    protected abstract bool IsPostgres { get; }

    protected abstract DbConnection CreateConnection();

    /// <summary>Per-connection settings (SQLite pragmas); nothing by default.</summary>
    protected virtual Task ConfigureConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await WriteConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, JournalSchema.CreateVersionTable, cancellationToken).ConfigureAwait(false);
        var current = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var migration in JournalSchema.For(IsPostgres).Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var statement in migration.Statements)
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
            }
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, description, applied_at_utc) VALUES (@v, @d, @a)";
                AddParameter(record, "@v", migration.Version);
                AddParameter(record, "@d", migration.Description);
                AddParameter(record, "@a", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            current = migration.Version;
        }
        return current;
    }

    public async Task AppendAsync(IReadOnlyList<DispatchEvent> events, CancellationToken cancellationToken)
    {
        var connection = await WriteConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO journal (seq, at_utc_ticks, type, order_id, payload) VALUES (@seq, @at, @type, @order, @payload)";
        var seq = AddParameter(insert, "@seq", 0L);
        var at = AddParameter(insert, "@at", 0L);
        var type = AddParameter(insert, "@type", string.Empty);
        var order = AddParameter(insert, "@order", DBNull.Value);
        var payload = AddParameter(insert, "@payload", string.Empty);
        foreach (var entry in events)
        {
            seq.Value = entry.Sequence;
            at.Value = entry.At.UtcTicks;
            type.Value = entry.Type;
            order.Value = entry.Body.RelatedOrderId is { } orderId ? orderId.ToString("N") : DBNull.Value;
            payload.Value = JournalCodec.Encode(entry.Body);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<DispatchEvent>> ReadSinceAsync(long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT seq, at_utc_ticks, payload FROM journal WHERE seq > @after ORDER BY seq LIMIT @max",
            [("@after", afterSequence), ("@max", (long)maxCount)],
            cancellationToken);

    public Task<IReadOnlyList<DispatchEvent>> ReadOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT seq, at_utc_ticks, payload FROM journal WHERE order_id = @order ORDER BY seq",
            [("@order", orderId.ToString("N"))],
            cancellationToken);

    private async Task<IReadOnlyList<DispatchEvent>> QueryAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ConfigureConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var query = connection.CreateCommand();
        query.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            AddParameter(query, name, value);
        }
        var result = new List<DispatchEvent>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sequence = reader.GetInt64(0);
            var at = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
            result.Add(new DispatchEvent(sequence, at, JournalCodec.Decode(reader.GetString(2), sequence)));
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writeConnection is not null)
        {
            await _writeConnection.DisposeAsync().ConfigureAwait(false);
            _writeConnection = null;
        }
        GC.SuppressFinalize(this);
    }

    private async Task<DbConnection> WriteConnectionAsync(CancellationToken cancellationToken)
    {
        if (_writeConnection is null)
        {
            var connection = CreateConnection();
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ConfigureConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            _writeConnection = connection;
        }
        return _writeConnection;
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var value = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbParameter AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
