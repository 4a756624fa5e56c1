using Gateway.Sip.Media.Audio;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>
/// Wraps what the gateway plays into a leg so the recorder hears it too: the player reads frames through
/// <see cref="ReadFrame"/>, and <see cref="Heard"/> gives the recorder the frame played on the same tick (silence when
/// nothing played).
/// </summary>
public sealed class PlayedFrameTap : IAudioFrameSource
{
    private readonly IAudioFrameSource _inner;
    private readonly short[] _last = new short[160];
    private bool _fresh;

    public PlayedFrameTap(IAudioFrameSource inner)
    {
        _inner = inner;
        Heard = new HeardSource(this);
    }

    /// <summary>The frames as played, for the "others" side of a recording.</summary>
    public IAudioFrameSource Heard { get; }

    public bool ReadFrame(Span<short> frame)
    {
        bool more = _inner.ReadFrame(frame);
        int length = Math.Min(frame.Length, _last.Length);
        frame[..length].CopyTo(_last);
        _fresh = more;
        return more;
    }

    private sealed class HeardSource(PlayedFrameTap tap) : IAudioFrameSource
    {
        public bool ReadFrame(Span<short> frame)
        {
            if (tap._fresh) tap._last.AsSpan(0, Math.Min(frame.Length, tap._last.Length)).CopyTo(frame);
            else frame.Clear();
            tap._fresh = false;
            return true;
        }
    }
}
