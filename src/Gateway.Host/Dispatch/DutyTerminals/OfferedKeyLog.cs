using System.Globalization;
using System.Text;

namespace Gateway.Host.Dispatch.DutyTerminals;

/// <summary>
/// The idempotency keys already put on a duty-terminal socket, kept on disk (one key per line, flushed before
/// the send) so a restart never offers the same attempt twice. A key whose send was interrupted by a crash
/// stays "offered": the engine then falls back to the next channel instead of risking a duplicate.
/// Each line carries the time it was offered; on opening, keys older than the retention are dropped and the file
/// is compacted, so the log does not grow for ever. The retention must be far longer than any order can stay
/// open (orders escalate within minutes), so a dropped key can never be offered again.
/// </summary>
internal sealed class OfferedKeyLog : IDisposable
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly FileStream _file;

    public OfferedKeyLog(string path, TimeSpan? retention = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var oldest = now - (long)(retention ?? DutyTerminalOptions.DefaultOfferedKeyRetention).TotalSeconds;
        var kept = new List<(string Key, long Offered)>();
        var dropped = 0;
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                // '.' ends a complete record; a torn last line (crash mid-write) is a key that was never sent.
                if (line.Length == 0 || line[^1] != '.') continue;
                var (key, offered) = ParseRecord(line.AsSpan(0, line.Length - 1), now);
                if (offered < oldest) dropped++;
                else if (_keys.Add(key)) kept.Add((key, offered));
            }
        }
        if (dropped > 0) Rewrite(path, kept);
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
            _file.Write(Encoding.UTF8.GetBytes(FormatRecord(key, _time.GetUtcNow().ToUnixTimeSeconds())));
            _file.Flush(flushToDisk: true);
            return true;
        }
    }

    private static string FormatRecord(string key, long offered) => $"{key}\t{offered.ToString(CultureInfo.InvariantCulture)}.\n";

    /// <summary>"key\tunix-seconds"; lines from before the time stamp was kept ("key") count as offered now.</summary>
    private static (string Key, long Offered) ParseRecord(ReadOnlySpan<char> record, long now)
    {
        var tab = record.LastIndexOf('\t');
        if (tab >= 0 && long.TryParse(record[(tab + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offered))
            return (record[..tab].ToString(), offered);
        return (record.ToString(), now);
    }

    /// <summary>Replaces the log with the kept records: written beside it, flushed, then renamed over it.</summary>
    private static void Rewrite(string path, List<(string Key, long Offered)> kept)
    {
        var temporary = path + ".compact";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var (key, offered) in kept) file.Write(Encoding.UTF8.GetBytes(FormatRecord(key, offered)));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
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
