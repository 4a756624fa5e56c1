using System.Text;

namespace Gateway.Host.Dispatch.DutyTerminals;

/// <summary>
/// The idempotency keys already put on a duty-terminal socket, kept on disk (one key per line, flushed before
/// the send) so a restart never offers the same attempt twice. A key whose send was interrupted by a crash
/// stays "offered": the engine then falls back to the next channel instead of risking a duplicate.
/// </summary>
internal sealed class OfferedKeyLog : IDisposable
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly FileStream _file;

    public OfferedKeyLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            // A torn last line (crash mid-write) is a key that was never sent: ignore it.
            foreach (var line in File.ReadLines(path))
                if (line.Length > 0 && line[^1] == '.')
                    _keys.Add(line[..^1]);
        }
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096);
        if (_file.Length > 0 && !EndsWithNewline(path))
        {
            // Close the torn line so the next key starts on a line of its own.
            _file.WriteByte((byte)'\n');
            _file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Records the key durably; false when it was offered before (the send must be dropped).</summary>
    public bool TryRecord(string key)
    {
        lock (_gate)
        {
            if (!_keys.Add(key))
                return false;
            // '.' ends a complete record; flushed to disk before the caller sends.
            _file.Write(Encoding.ASCII.GetBytes(key + ".\n"));
            _file.Flush(flushToDisk: true);
            return true;
        }
    }

    private static bool EndsWithNewline(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() == '\n';
    }

    public void Dispose()
    {
        lock (_gate)
            _file.Dispose();
    }
}
