using System.Buffers;
using System.Threading.Channels;

namespace Gateway.Sip.Media.Recording;

public enum RecordingLayout
{
    /// <summary>Caller on the left channel, everyone else mixed on the right.</summary>
    StereoCallerLeft,

    /// <summary>Caller and everyone else summed into one channel.</summary>
    MixedMono,
}

/// <summary>Which side of the call a recorded sound belongs to.</summary>
public enum RecordingSide
{
    /// <summary>What the caller said (left channel in stereo).</summary>
    Caller,

    /// <summary>Everyone else: what the caller heard (right channel in stereo).</summary>
    Others,
}

/// <summary>File name and length of a finished recording, for the call record.</summary>
public sealed record RecordingInfo(string Path, TimeSpan Duration, RecordingLayout Layout);

/// <summary>
/// Records a call to an 8 kHz 16-bit WAV. The media clock hands frames to
/// <see cref="WriteFrame"/>, which only copies into a pooled buffer and queues it; a background
/// writer does the disk I/O so a slow disk never stalls audio. Header sizes are refreshed every
/// <c>flushEvery</c> frames, so even a killed process leaves little for <see cref="WavRepair"/> to do. Audio that
/// arrives after its place in the file was written is added there later (<see cref="WriteLate"/>).
/// </summary>
public sealed class CallRecorder : IAsyncDisposable
{
    private const int SampleRate = 8000;

    private readonly WavFileWriter _writer;
    private readonly Channel<QueuedAudio> _queue = Channel.CreateUnbounded<QueuedAudio>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writing;
    private readonly int _flushEvery;
    private RecordingInfo? _completed;

    public CallRecorder(string path, RecordingLayout layout = RecordingLayout.StereoCallerLeft, int flushEvery = 250)
    {
        Layout = layout;
        _flushEvery = flushEvery;
        _writer = new WavFileWriter(path, SampleRate, layout == RecordingLayout.StereoCallerLeft ? 2 : 1);
        _writing = Task.Run(WriteQueuedAsync);
    }

    public RecordingLayout Layout { get; }

    public string Path => _writer.Path;

    /// <summary>Queues one frame: what the caller said and what the caller heard (everyone else).</summary>
    public void WriteFrame(ReadOnlySpan<short> caller, ReadOnlySpan<short> others)
    {
        if (caller.Length != others.Length) throw new ArgumentException("Both sides of a frame must have the same length.", nameof(others));
        int length = Layout == RecordingLayout.StereoCallerLeft ? caller.Length * 2 : caller.Length;
        short[] buffer = ArrayPool<short>.Shared.Rent(length);
        if (Layout == RecordingLayout.StereoCallerLeft)
        {
            for (int i = 0; i < caller.Length; i++)
            {
                buffer[2 * i] = caller[i];
                buffer[(2 * i) + 1] = others[i];
            }
        }
        else
        {
            for (int i = 0; i < caller.Length; i++) buffer[i] = (short)Math.Clamp(caller[i] + others[i], short.MinValue, short.MaxValue);
        }

        if (!_queue.Writer.TryWrite(new QueuedAudio(buffer, length, -1, 0))) ArrayPool<short>.Shared.Return(buffer);
    }

    /// <summary>
    /// Queues one side's audio for a place that was already written with silence for that side (frames are queued
    /// before: the caller writes late audio only for frames it has handed to <see cref="WriteFrame"/>). Mixed into
    /// the mono channel, or into the side's own stereo channel.
    /// </summary>
    public void WriteLate(RecordingSide side, long sampleFrame, ReadOnlySpan<short> samples)
    {
        short[] buffer = ArrayPool<short>.Shared.Rent(samples.Length);
        samples.CopyTo(buffer);
        int channel = Layout == RecordingLayout.StereoCallerLeft && side == RecordingSide.Others ? 1 : 0;
        if (!_queue.Writer.TryWrite(new QueuedAudio(buffer, samples.Length, sampleFrame, channel))) ArrayPool<short>.Shared.Return(buffer);
    }

    /// <summary>Writes everything queued, completes the header and returns what goes in the call record.</summary>
    public async Task<RecordingInfo> CompleteAsync()
    {
        if (_completed is not null) return _completed;
        _queue.Writer.TryComplete();
        await _writing;
        _writer.Dispose();
        _completed = new RecordingInfo(_writer.Path, _writer.Duration, Layout);
        return _completed;
    }

    public async ValueTask DisposeAsync() => await CompleteAsync();

    private async Task WriteQueuedAsync()
    {
        int frames = 0;
        await foreach (var (buffer, length, lateAt, channel) in _queue.Reader.ReadAllAsync())
        {
            if (lateAt < 0)
            {
                _writer.Write(buffer.AsSpan(0, length));
                if (++frames % _flushEvery == 0) _writer.Flush();
            }
            else _writer.AddInto(lateAt, channel, buffer.AsSpan(0, length));
            ArrayPool<short>.Shared.Return(buffer);
        }
    }

    /// <summary>A frame to append (<c>LateAt</c> −1), or one side's late audio to add at sample frame <c>LateAt</c>.</summary>
    private readonly record struct QueuedAudio(short[] Buffer, int Length, long LateAt, int Channel);
}
