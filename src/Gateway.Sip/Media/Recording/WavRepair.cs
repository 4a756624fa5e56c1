using System.Buffers.Binary;

namespace Gateway.Sip.Media.Recording;

public enum WavRepairOutcome
{
    /// <summary>Header sizes already matched the file.</summary>
    Intact,

    /// <summary>RIFF/data sizes rewritten from the file length.</summary>
    Repaired,

    /// <summary>Not a PCM WAV we can repair (no RIFF/WAVE, fmt or data chunk).</summary>
    NotRepairable,
}

public sealed record WavRepairResult(string Path, WavRepairOutcome Outcome, TimeSpan Duration);

/// <summary>
/// Fixes WAV files whose header was never completed (process killed while recording): the data
/// chunk size becomes "everything after the data header" rounded down to whole sample frames,
/// the RIFF size follows, and a torn last frame is cut off. Run over the recording folder at start-up.
/// </summary>
public static class WavRepair
{
    private const int MaxHeaderScan = 4096;

    public static WavRepairResult Repair(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Span<byte> head = stackalloc byte[(int)Math.Min(MaxHeaderScan, stream.Length)];
        stream.ReadExactly(head);
        if (head.Length < 12 || !head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8))
        {
            return new WavRepairResult(path, WavRepairOutcome.NotRepairable, TimeSpan.Zero);
        }

        int blockAlign = 0, byteRate = 0, offset = 12;
        while (offset + 8 <= head.Length)
        {
            var id = head.Slice(offset, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(head[(offset + 4)..]);
            if (id.SequenceEqual("fmt "u8) && offset + 24 <= head.Length)
            {
                byteRate = BinaryPrimitives.ReadInt32LittleEndian(head[(offset + 16)..]);
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(head[(offset + 20)..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                return blockAlign == 0 || byteRate == 0
                    ? new WavRepairResult(path, WavRepairOutcome.NotRepairable, TimeSpan.Zero)
                    : FixSizes(stream, path, offset, size, blockAlign, byteRate);
            }

            offset += 8 + (int)Math.Min(size + (size & 1), MaxHeaderScan);   // chunks are word aligned
        }

        return new WavRepairResult(path, WavRepairOutcome.NotRepairable, TimeSpan.Zero);
    }

    /// <summary>Repairs every *.wav under <paramref name="directory"/>; unreadable files are reported, not thrown.</summary>
    public static IReadOnlyList<WavRepairResult> RepairDirectory(string directory)
    {
        var results = new List<WavRepairResult>();
        foreach (string path in Directory.EnumerateFiles(directory, "*.wav", SearchOption.AllDirectories))
        {
            try
            {
                results.Add(Repair(path));
            }
            catch (IOException)
            {
                results.Add(new WavRepairResult(path, WavRepairOutcome.NotRepairable, TimeSpan.Zero));
            }
        }

        return results;
    }

    private static WavRepairResult FixSizes(FileStream stream, string path, int dataChunkOffset, uint declaredSize, int blockAlign, int byteRate)
    {
        long dataStart = dataChunkOffset + 8;
        long available = Math.Max(0, stream.Length - dataStart);
        long dataLength = Math.Min(available - (available % blockAlign), uint.MaxValue - dataStart);
        var duration = TimeSpan.FromSeconds((double)dataLength / byteRate);
        long riffSize = dataStart + dataLength - 8;
        bool intact = declaredSize == dataLength && stream.Length == dataStart + dataLength && ReadRiffSize(stream) == riffSize;
        if (intact) return new WavRepairResult(path, WavRepairOutcome.Intact, duration);

        stream.SetLength(dataStart + dataLength);
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)riffSize);
        stream.Position = 4;
        stream.Write(value);
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)dataLength);
        stream.Position = dataChunkOffset + 4;
        stream.Write(value);
        stream.Flush(flushToDisk: true);
        return new WavRepairResult(path, WavRepairOutcome.Repaired, duration);
    }

    private static uint ReadRiffSize(FileStream stream)
    {
        Span<byte> value = stackalloc byte[4];
        stream.Position = 4;
        stream.ReadExactly(value);
        return BinaryPrimitives.ReadUInt32LittleEndian(value);
    }
}
