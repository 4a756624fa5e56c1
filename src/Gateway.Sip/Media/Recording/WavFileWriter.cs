using System.Buffers;
using System.Runtime.InteropServices;

namespace Gateway.Sip.Media.Recording;

/// <summary>
/// Writes 16-bit PCM WAV. The header is written with zero sizes first and completed on
/// <see cref="Flush"/>/<see cref="Dispose"/>; a process killed in between leaves a file that
/// <see cref="WavRepair"/> fixes from its length.
/// </summary>
public sealed class WavFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private long _dataBytes;
    private bool _disposed;

    public WavFileWriter(string path, int sampleRate, int channels)
    {
        if (channels is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(channels));
        SampleRate = sampleRate;
        Channels = channels;
        Path = path;
        // A small buffer bounds what a crash can lose (8 KB ≈ 0.25 s of 8 kHz stereo).
        // Read access too: audio that arrives after its place was written is added in place (AddInto).
        _stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 8 * 1024);
        Span<byte> header = stackalloc byte[WavFormat.HeaderLength];
        WavFormat.WriteHeader(header, sampleRate, channels, 0);
        _stream.Write(header);
        _stream.Flush();            // the header reaches the OS at once, so even an empty crashed file is repairable
    }

    public string Path { get; }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>Sample frames written (one sample per channel each).</summary>
    public long FramesWritten => _dataBytes / (2 * Channels);

    public TimeSpan Duration => TimeSpan.FromSeconds((double)FramesWritten / SampleRate);

    /// <summary>Appends interleaved samples (length a multiple of <see cref="Channels"/>).</summary>
    public void Write(ReadOnlySpan<short> interleaved)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bytes = MemoryMarshal.AsBytes(interleaved);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("WAV writer assumes a little-endian machine.");
        _stream.Write(bytes);
        _dataBytes += bytes.Length;
    }

    /// <summary>
    /// Adds <paramref name="samples"/> (saturating) into one channel of frames already written, from sample frame
    /// <paramref name="frameOffset"/> on; the part beyond what was written is ignored. Appending continues at the end.
    /// </summary>
    public void AddInto(long frameOffset, int channel, ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)channel >= (uint)Channels) throw new ArgumentOutOfRangeException(nameof(channel));
        if (frameOffset < 0 || frameOffset >= FramesWritten) return;
        int frames = (int)Math.Min(samples.Length, FramesWritten - frameOffset);
        short[] rented = ArrayPool<short>.Shared.Rent(frames * Channels);
        try
        {
            var region = rented.AsSpan(0, frames * Channels);
            var bytes = MemoryMarshal.AsBytes(region);
            long end = _stream.Position;
            long at = WavFormat.HeaderLength + (frameOffset * 2 * Channels);
            _stream.Position = at;
            _stream.ReadExactly(bytes);
            for (int i = 0; i < frames; i++)
            {
                ref short sample = ref region[(i * Channels) + channel];
                sample = (short)Math.Clamp(sample + samples[i], short.MinValue, short.MaxValue);
            }

            _stream.Position = at;
            _stream.Write(bytes);
            _stream.Position = end;
        }
        finally
        {
            ArrayPool<short>.Shared.Return(rented);
        }
    }

    /// <summary>Brings the header sizes up to date and pushes data to the OS.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long position = _stream.Position;
        Span<byte> header = stackalloc byte[WavFormat.HeaderLength];
        WavFormat.WriteHeader(header, SampleRate, Channels, (uint)Math.Min(_dataBytes, uint.MaxValue - 36));
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Position = position;
        _stream.Flush();
    }

    public void Dispose()
    {
        if (_disposed) return;
        Flush();
        _disposed = true;
        _stream.Dispose();
    }
}
