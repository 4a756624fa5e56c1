using Gateway.Sip.Media.Mixing;

namespace Gateway.Sip.Tests.Media.Mixing;

public class ConferenceMixerTests
{
    private static readonly double[] Frequencies = [400, 700, 1100];

    [Fact]
    public void Each_party_hears_exactly_the_other_two_tones()
    {
        var mixer = new ConferenceMixer();
        var parties = Frequencies.Select(f => mixer.Join($"{f} Hz")).ToArray();
        var heard = parties.Select(_ => new List<short>()).ToArray();

        for (int frame = 0; frame < 50; frame++)
        {
            for (int p = 0; p < parties.Length; p++)
            {
                AudioAssert.Sine(Frequencies[p], 8000, 160, offset: frame * 160).CopyTo(parties[p].Input);
            }

            mixer.Mix();
            for (int p = 0; p < parties.Length; p++) heard[p].AddRange(parties[p].Output.ToArray());
        }

        for (int p = 0; p < parties.Length; p++)
        {
            var steadyState = heard[p].Skip(800).ToArray();    // after the join fade
            for (int f = 0; f < Frequencies.Length; f++)
            {
                double amplitude = AudioAssert.ToneAmplitude(steadyState, Frequencies[f]);
                if (f == p) Assert.True(amplitude < 20, $"party {p} hears its own {Frequencies[f]} Hz at {amplitude:F0}");
                else Assert.InRange(amplitude, 7800, 8200);
            }
        }
    }

    [Fact]
    public void Sum_saturates_instead_of_wrapping()
    {
        var mixer = new ConferenceMixer(fadeSamples: 1);
        var a = mixer.Join("a");
        var b = mixer.Join("b");
        var c = mixer.Join("c");
        for (int frame = 0; frame < 2; frame++)
        {
            a.Input.Fill(30000);
            b.Input.Fill(30000);
            c.Input.Fill(-30000);
            mixer.Mix();
        }

        Assert.All(c.Output.ToArray(), s => Assert.Equal(short.MaxValue, s));
        Assert.All(a.Output.ToArray(), s => Assert.Equal(0, s));
        a.Input.Fill(-30000);
        b.Input.Fill(-30000);
        mixer.Mix();
        Assert.All(c.Output.ToArray(), s => Assert.Equal(short.MinValue, s));
    }

    [Fact]
    public void Joining_and_leaving_ramp_without_clicks()
    {
        var mixer = new ConferenceMixer(fadeSamples: 80);
        var listener = mixer.Join("listener");
        mixer.Mix();
        var loud = mixer.Join("loud");
        var heard = new List<short>();
        for (int frame = 0; frame < 3; frame++)
        {
            loud.Input.Fill(16000);
            mixer.Mix();
            heard.AddRange(listener.Output.ToArray());
        }

        mixer.Leave(loud);
        for (int frame = 0; frame < 2; frame++)
        {
            loud.Input.Fill(16000);
            mixer.Mix();
            heard.AddRange(listener.Output.ToArray());
        }

        int largestStep = heard.Zip(heard.Skip(1), (x, y) => Math.Abs(y - x)).Max();
        Assert.True(largestStep <= (16000 / 80) + 1, $"step of {largestStep}");
        Assert.Equal(16000, heard[200]);              // fully in after the fade
        Assert.Equal(0, heard[^1]);                   // fully out after leaving
        Assert.False(loud.IsActive);
        Assert.Equal(1, mixer.PartyCount);
    }

    [Fact]
    public void Mixing_allocates_nothing_per_frame()
    {
        var mixer = new ConferenceMixer();
        var parties = Enumerable.Range(0, 3).Select(i => mixer.Join(i.ToString())).ToArray();
        mixer.Mix();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int frame = 0; frame < 10_000; frame++)
        {
            foreach (var party in parties) party.Input.Fill((short)frame);
            mixer.Mix();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
