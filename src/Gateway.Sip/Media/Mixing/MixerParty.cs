namespace Gateway.Sip.Media.Mixing;

/// <summary>
/// One participant of a <see cref="ConferenceMixer"/>: the owner writes the party's decoded
/// 20 ms frame into <see cref="Input"/> before each mix and reads what the party must hear from
/// <see cref="Output"/> after it.
/// </summary>
public sealed class MixerParty
{
    internal const int FullGain = 1 << 15;

    private readonly short[] _input = new short[ConferenceMixer.FrameSamples];
    private readonly short[] _output = new short[ConferenceMixer.FrameSamples];

    internal MixerParty(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>This party's audio for the next mix (160 samples); left silent when not written.</summary>
    public Span<short> Input => _input;

    /// <summary>The sum of all other parties for the last mix.</summary>
    public ReadOnlySpan<short> Output => _output;

    /// <summary>False once the party left and faded out.</summary>
    public bool IsActive { get; internal set; } = true;

    internal short[] InputBuffer => _input;

    internal short[] OutputBuffer => _output;

    /// <summary>Current gain in Q15 (0 silent, 32768 full), ramping towards <see cref="TargetGain"/>.</summary>
    internal int Gain { get; set; }

    internal int TargetGain { get; set; } = FullGain;
}
