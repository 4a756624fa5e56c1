using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Recording;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>
/// One call's recording: on every 20 ms tick the caller's frame and the frame of everyone else go to the
/// <see cref="CallRecorder"/>. Ticks the clock had to give up are filled with silence when the recording stops, so
/// the file is as long as the call.
/// </summary>
public sealed class CallRecordingSession
{
    private const int FrameSamples = 160;
    private const int MaxPaddingFrames = 50 * 60;

    private readonly CallRecorder _recorder;
    private readonly IAudioFrameSource _caller;
    private readonly IAudioFrameSource _others;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly short[] _callerFrame = new short[FrameSamples];
    private readonly short[] _othersFrame = new short[FrameSamples];
    private readonly Lock _gate = new();
    private Task<RecordingInfo>? _stopped;
    private long _frames;

    public CallRecordingSession(CallRecorder recorder, IAudioFrameSource caller, IAudioFrameSource others, TimeProvider time)
    {
        _recorder = recorder;
        _caller = caller;
        _others = others;
        _time = time;
        _started = time.GetTimestamp();
    }

    public string Path => _recorder.Path;

    public RecordingLayout Layout => _recorder.Layout;

    /// <summary>When the recording was stopped (its padding reaches up to here).</summary>
    public DateTimeOffset? StoppedAt { get; private set; }

    /// <summary>Records one frame (call from the media clock).</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_stopped is not null) return;
            _caller.ReadFrame(_callerFrame);
            _others.ReadFrame(_othersFrame);
            _recorder.WriteFrame(_callerFrame, _othersFrame);
            _frames++;
        }
    }

    /// <summary>Pads to the elapsed time, closes the file and returns its path and length (idempotent).</summary>
    public Task<RecordingInfo> StopAsync()
    {
        lock (_gate)
        {
            if (_stopped is null)
            {
                StoppedAt = _time.GetUtcNow();
                long due = (long)Math.Round(_time.GetElapsedTime(_started) / MediaFrameClock.FrameDuration);
                Array.Clear(_callerFrame);
                Array.Clear(_othersFrame);
                for (long missing = Math.Min(due - _frames, MaxPaddingFrames); missing > 0; missing--) _recorder.WriteFrame(_callerFrame, _othersFrame);
                _stopped = _recorder.CompleteAsync();
            }
            return _stopped;
        }
    }
}
