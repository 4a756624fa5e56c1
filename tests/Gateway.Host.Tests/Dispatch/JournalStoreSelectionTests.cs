using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Storage;
using Gateway.Host.Configuration;
using Gateway.Host.Dispatch;

namespace Gateway.Host.Tests.Dispatch;

public sealed class JournalStoreSelectionTests
{
    [Fact]
    public async Task Postgres_provider_selects_the_npgsql_store()
    {
        await using var store = DispatchEngineHost.CreateStore(new DispatchOptions(),
            new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = "Host=127.0.0.1;Database=gateway" });
        Assert.IsType<NpgsqlJournalStore>(store);
    }

    [Fact]
    public async Task Sqlite_is_the_default_and_lives_under_the_data_directory()
    {
        var dir = Directory.CreateTempSubdirectory("gw-store-").FullName;
        try
        {
            await using (var store = DispatchEngineHost.CreateStore(new DispatchOptions { DatabasePath = "journal/dispatch.db" }, new StorageOptions { DataDirectory = dir }))
            {
                Assert.IsType<SqliteJournalStore>(store);
                await store.InitializeAsync(CancellationToken.None);
            }
            Assert.True(File.Exists(Path.Combine(dir, "journal", "dispatch.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
