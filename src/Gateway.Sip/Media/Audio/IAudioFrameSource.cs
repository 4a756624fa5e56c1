namespace Gateway.Sip.Media.Audio;

/// <summary>Something that produces 8 kHz mono PCM frame by frame (tones, prompts, hold music).</summary>
public interface IAudioFrameSource
{
    /// <summary>
    /// Fills <paramref name="frame"/> (usually 160 samples = 20 ms). Returns false once the source
    /// has ended; the frame is then padded with silence.
    /// </summary>
    bool ReadFrame(Span<short> frame);
}
