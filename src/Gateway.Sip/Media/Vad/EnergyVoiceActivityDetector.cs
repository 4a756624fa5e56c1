namespace Gateway.Sip.Media.Vad;

/// <summary>A speech start or stop, at media time measured in samples since the detector started.</summary>
public sealed class VoiceActivityEventArgs(bool speaking, TimeSpan mediaTime, double levelDbfs) : EventArgs
{
    public bool Speaking { get; } = speaking;

    public TimeSpan MediaTime { get; } = mediaTime;

    /// <summary>Energy of the frame that caused the transition.</summary>
    public double LevelDbfs { get; } = levelDbfs;
}

/// <summary>
/// Energy VAD for one leg: a frame is voiced when its RMS level exceeds the threshold; speech starts
/// after <see cref="VadOptions.Attack"/> of voiced audio and stops after
/// <see cref="VadOptions.HangTime"/> of quiet. Time is counted in samples processed, so the detector
/// follows the media clock (and tests need no wall clock). Allocates only on transitions.
/// </summary>
public sealed class EnergyVoiceActivityDetector
{
    private readonly VadOptions _options;
    private readonly long _attackSamples;
    private readonly long _hangSamples;
    private long _samplesProcessed;
    private long _voicedRun;
    private long _quietRun;

    public EnergyVoiceActivityDetector(VadOptions? options = null)
    {
        _options = options ?? new VadOptions();
        _attackSamples = (long)(_options.Attack.TotalSeconds * _options.SampleRate);
        _hangSamples = (long)(_options.HangTime.TotalSeconds * _options.SampleRate);
    }

    public bool IsSpeaking { get; private set; }

    public event EventHandler<VoiceActivityEventArgs>? SpeechStarted;

    public event EventHandler<VoiceActivityEventArgs>? SpeechStopped;

    /// <summary>Processes one frame; returns <see cref="IsSpeaking"/> after it.</summary>
    public bool ProcessFrame(ReadOnlySpan<short> frame)
    {
        if (frame.IsEmpty) return IsSpeaking;
        double level = LevelDbfs(frame);
        _samplesProcessed += frame.Length;
        if (level >= _options.ThresholdDbfs)
        {
            _voicedRun += frame.Length;
            _quietRun = 0;
            if (!IsSpeaking && _voicedRun >= _attackSamples)
            {
                IsSpeaking = true;
                SpeechStarted?.Invoke(this, new VoiceActivityEventArgs(true, MediaTime, level));
            }
        }
        else
        {
            _quietRun += frame.Length;
            _voicedRun = 0;
            if (IsSpeaking && _quietRun >= _hangSamples)
            {
                IsSpeaking = false;
                SpeechStopped?.Invoke(this, new VoiceActivityEventArgs(false, MediaTime, level));
            }
        }

        return IsSpeaking;
    }

    private TimeSpan MediaTime => TimeSpan.FromSeconds((double)_samplesProcessed / _options.SampleRate);

    /// <summary>RMS level in dBFS (−∞ clipped to −120 for silence).</summary>
    public static double LevelDbfs(ReadOnlySpan<short> frame)
    {
        long sumOfSquares = 0;
        foreach (short sample in frame) sumOfSquares += sample * sample;
        double rms = Math.Sqrt((double)sumOfSquares / frame.Length);
        return rms <= 0 ? -120 : 20 * Math.Log10(rms / 32768.0);
    }
}
