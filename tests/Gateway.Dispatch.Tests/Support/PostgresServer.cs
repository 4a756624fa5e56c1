using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Gateway.Dispatch.Tests.Support;

/// <summary>
/// A private PostgreSQL cluster for the store tests: Debian's server binaries, a temp data dir, a free loopback
/// port, trust auth. Run as the postgres user when the tests run as root (initdb refuses root).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dispatch-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = string.Empty;
    private int _databases;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "bin")).First(d => File.Exists(Path.Combine(d, "initdb")));
        Directory.CreateDirectory(_directory);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", _directory);
        }
        Port = FreePort();
        await RunPostgresToolAsync("initdb", "-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await RunPostgresToolAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "120",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1", "start");
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A fresh, empty database per test so tests stay independent.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"journal_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..40];
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ToString();

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        Directory.Delete(_directory, recursive: true);
    }

    private Task RunPostgresToolAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args])
            : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout} {await stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
