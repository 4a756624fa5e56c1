namespace Gateway.Sip.Media.Mixing;

/// <summary>
/// N-party mixer on 8 kHz 16-bit PCM 20 ms frames: each party hears the sum of all others and
/// never itself, with saturation instead of wrap-around. Parties join and leave live: their
/// contribution ramps in or out over <see cref="FadeSamples"/> so nobody hears a click. No
/// allocation per frame (only on join/leave). Join/Leave may be called from any thread.
/// </summary>
public sealed class ConferenceMixer
{
    public const int FrameSamples = 160;

    private readonly Lock _gate = new();
    private readonly int[] _sum = new int[FrameSamples];
    private readonly int[] _contribution;
    private MixerParty[] _parties = [];

    public ConferenceMixer(int fadeSamples = 80)
    {
        if (fadeSamples is < 1 or > FrameSamples) throw new ArgumentOutOfRangeException(nameof(fadeSamples), "Fade must be 1..160 samples.");
        FadeSamples = fadeSamples;
        _contribution = new int[FrameSamples * 64];
    }

    public int FadeSamples { get; }

    /// <summary>Parties still mixed (including those fading out).</summary>
    public int PartyCount
    {
        get
        {
            lock (_gate) return _parties.Length;
        }
    }

    public MixerParty Join(string name)
    {
        var party = new MixerParty(name) { Gain = 0, TargetGain = MixerParty.FullGain };
        lock (_gate)
        {
            if (_parties.Length >= _contribution.Length / FrameSamples) throw new InvalidOperationException("Conference is full (64 parties).");
            _parties = [.. _parties, party];
        }

        return party;
    }

    /// <summary>Starts fading the party out; it is removed after the next mix.</summary>
    public void Leave(MixerParty party)
    {
        lock (_gate) party.TargetGain = 0;
    }

    /// <summary>Mixes the current inputs into every party's output, then clears the inputs.</summary>
    public void Mix()
    {
        lock (_gate)
        {
            MixLocked();
            RemoveFadedParties();
        }
    }

    private void MixLocked()
    {
        var parties = _parties;
        Span<int> sum = _sum;
        sum.Clear();
        int step = MixerParty.FullGain / FadeSamples;

        for (int p = 0; p < parties.Length; p++)
        {
            var party = parties[p];
            Span<int> contribution = _contribution.AsSpan(p * FrameSamples, FrameSamples);
            ReadOnlySpan<short> input = party.InputBuffer;
            int gain = party.Gain;
            int target = party.TargetGain;
            if (gain == target && gain == MixerParty.FullGain)
            {
                for (int i = 0; i < FrameSamples; i++)
                {
                    contribution[i] = input[i];
                    sum[i] += input[i];
                }
            }
            else
            {
                for (int i = 0; i < FrameSamples; i++)
                {
                    gain = gain < target ? Math.Min(gain + step, target) : Math.Max(gain - step, target);
                    int value = (input[i] * gain) >> 15;
                    contribution[i] = value;
                    sum[i] += value;
                }

                party.Gain = gain;
            }
        }

        for (int p = 0; p < parties.Length; p++)
        {
            var party = parties[p];
            ReadOnlySpan<int> contribution = _contribution.AsSpan(p * FrameSamples, FrameSamples);
            Span<short> output = party.OutputBuffer;
            for (int i = 0; i < FrameSamples; i++)
            {
                output[i] = (short)Math.Clamp(sum[i] - contribution[i], short.MinValue, short.MaxValue);
            }

            Array.Clear(party.InputBuffer);
        }
    }

    private void RemoveFadedParties()
    {
        int remaining = 0;
        foreach (var party in _parties)
        {
            if (party.TargetGain == 0 && party.Gain == 0) party.IsActive = false;
            else remaining++;
        }

        if (remaining == _parties.Length) return;
        var kept = new MixerParty[remaining];
        int index = 0;
        foreach (var party in _parties)
        {
            if (party.IsActive) kept[index++] = party;
        }

        _parties = kept;
    }
}
