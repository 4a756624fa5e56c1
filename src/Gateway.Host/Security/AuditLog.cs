using System.Text.Json;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Security;

/// <summary>One operator action: who, in which role, did what, with which outcome.</summary>
public sealed record AuditEntry(DateTimeOffset Time, string User, string Role, string Action, string Target, int Status, string? Detail);

/// <summary>
/// Append-only audit of operator actions, one JSON line per action in
/// <c>&lt;DataDirectory&gt;/audit.jsonl</c>, flushed to disk before the action's response is sent.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _file;

    public AuditLog(IOptions<StorageOptions> storage)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetFullPath(storage.Value.DataDirectory), "audit.jsonl");
    }

    public string Path { get; }

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Opened on first use: an unwritable data directory fails the audited request
            // (and shows in /health), not the whole host.
            if (_file is null)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                _file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096);
            }
            await _file.WriteAsync(line, cancellationToken);
            _file.WriteByte((byte)'\n');
            _file.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _gate.Dispose();
    }
}
