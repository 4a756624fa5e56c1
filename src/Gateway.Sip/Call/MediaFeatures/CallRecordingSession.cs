using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Recording;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>
/// One call's recording: the caller's side and everyone else's are each a <see cref="RecordingTimeline"/> that the
/// call's legs fill as audio arrives; on every 20 ms tick the frames that are <see cref="RecordingTimeline.DelayFrames"/>
/// old go to the <see cref="CallRecorder"/>. Stopping writes everything up to the stop, so the file is as long as the
/// call and the last words are in it (ticks the clock gave up are silence unless audio arrived for them).
/// </summary>
public sealed class CallRecordingSession
{
    private const int FrameSamples = RecordingTimeline.FrameSamples;

    private readonly CallRecorder _recorder;
    private readonly IAudioFrameSource? _othersEachTick;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly short[] _callerFrame = new short[FrameSamples];
    private readonly short[] _othersFrame = new short[FrameSamples];
    private readonly Lock _gate = new();
    private Task<RecordingInfo>? _stopped;
    private long _written;
    private long _ticks;

    /// <param name="othersEachTick">What the gateway itself plays to the caller, read once per tick (prompt calls); null when a leg fills <see cref="Others"/>.</param>
    public CallRecordingSession(CallRecorder recorder, TimeProvider time, IAudioFrameSource? othersEachTick = null)
    {
        _recorder = recorder;
        _othersEachTick = othersEachTick;
        _time = time;
        _started = time.GetTimestamp();
        Caller = new RecordingTimeline(_gate, recorder, RecordingSide.Caller, time, _started);
        Others = new RecordingTimeline(_gate, recorder, RecordingSide.Others, time, _started);
    }

    public string Path => _recorder.Path;

    public RecordingLayout Layout => _recorder.Layout;

    /// <summary>What the caller said (left in stereo).</summary>
    public RecordingTimeline Caller { get; }

    /// <summary>What the caller heard: the other party, or what was played (right in stereo).</summary>
    public RecordingTimeline Others { get; }

    /// <summary>When the recording was stopped (the file reaches up to here).</summary>
    public DateTimeOffset? StoppedAt { get; private set; }

    /// <summary>Records what is due (call from the media clock, once per 20 ms).</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_stopped is not null) return;
            if (_othersEachTick is { } played)
            {
                played.ReadFrame(_othersFrame);
                Others.InsertFrame(_ticks, _othersFrame);
            }

            _ticks++;
            WriteUpTo(FramesDue(nearest: false) - RecordingTimeline.DelayFrames);
        }
    }

    /// <summary>Writes everything up to now, closes the file and returns its path and length (idempotent).</summary>
    public Task<RecordingInfo> StopAsync()
    {
        lock (_gate)
        {
            if (_stopped is null)
            {
                StoppedAt = _time.GetUtcNow();
                WriteUpTo(FramesDue(nearest: true));
                _stopped = _recorder.CompleteAsync();
            }
            return _stopped;
        }
    }

    private long FramesDue(bool nearest)
    {
        double frames = _time.GetElapsedTime(_started) / MediaFrameClock.FrameDuration;
        return (long)(nearest ? Math.Round(frames) : Math.Floor(frames));
    }

    private void WriteUpTo(long frames)
    {
        for (; _written < frames; _written++)
        {
            Caller.TakeFrame(_callerFrame);
            Others.TakeFrame(_othersFrame);
            _recorder.WriteFrame(_callerFrame, _othersFrame);
        }
    }
}
