using Gateway.Sip.Media.Codecs;
using NAudio.Codecs;

namespace Gateway.Sip.Tests.Media.Codecs;

public class G711Tests
{
    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(-1, 0x55)]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    public void ALaw_encodes_spec_code_points(short sample, byte expected)
    {
        Assert.Equal(expected, ALaw.Encode(sample));
    }

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    public void MuLaw_encodes_spec_code_points(short sample, byte expected)
    {
        Assert.Equal(expected, MuLaw.Encode(sample));
    }

    [Fact]
    public void Decode_tables_match_an_independent_implementation_for_every_code()
    {
        for (int code = 0; code < 256; code++)
        {
            Assert.Equal(ALawDecoder.ALawToLinearSample((byte)code), ALaw.Decode((byte)code));
            // NAudio's table decodes µ-law "negative zero" (0x7F) as -1; G.711 says 0.
            short expectedMu = code == 0x7F ? (short)0 : MuLawDecoder.MuLawToLinearSample((byte)code);
            Assert.Equal(expectedMu, MuLaw.Decode((byte)code));
        }
    }

    [Fact]
    public void Decode_then_encode_returns_the_same_code()
    {
        for (int code = 0; code < 256; code++)
        {
            Assert.Equal((byte)code, ALaw.Encode(ALaw.Decode((byte)code)));
            byte mu = MuLaw.Encode(MuLaw.Decode((byte)code));
            // µ-law has two zeros (0x7F = -0, 0xFF = +0); -0 decodes to 0 and re-encodes as +0.
            Assert.Equal(code == 0x7F ? (byte)0xFF : (byte)code, mu);
        }
    }

    [Fact]
    public void ALaw_round_trip_error_stays_within_half_a_quantisation_step()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            byte code = ALaw.Encode((short)sample);
            int segment = ((code ^ 0x55) >> 4) & 7;
            int step = segment <= 1 ? 16 : 16 << (segment - 1);   // G.711 A-law step sizes in 16-bit units
            int error = Math.Abs(ALaw.Decode(code) - sample);
            Assert.True(error <= step / 2, $"sample {sample}: error {error} > {step / 2}");
        }
    }

    [Fact]
    public void MuLaw_round_trip_error_stays_within_half_a_step_plus_input_truncation()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            byte code = MuLaw.Encode((short)sample);
            short decoded = MuLaw.Decode(code);
            if (Math.Abs(sample) > 32124)
            {
                // Beyond the largest µ-law level the encoder clips.
                Assert.Equal(Math.Sign(sample) * 32124, decoded);
                continue;
            }

            int segment = ((~code) >> 4) & 7;
            int step = 8 << segment;                    // G.711 µ-law step sizes in 16-bit units
            int error = Math.Abs(decoded - sample);
            Assert.True(error <= step / 2 + 4, $"sample {sample}: error {error} > {step / 2 + 4}");
        }
    }

    [Fact]
    public void Tables_agree_with_the_segment_rules_for_every_sample()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            Assert.Equal(ALaw.EncodeBySegments((short)sample), ALaw.Encode((short)sample));
            Assert.Equal(MuLaw.EncodeBySegments((short)sample), MuLaw.Encode((short)sample));
        }
    }

    [Fact]
    public void Codec_spans_encode_and_decode_a_frame()
    {
        var pcm = new short[160];
        for (int i = 0; i < pcm.Length; i++) pcm[i] = (short)(10000 * Math.Sin(2 * Math.PI * 1000 * i / 8000.0));
        var payload = new byte[160];
        var decoded = new short[160];

        foreach (var codec in new[] { G711Codec.Pcma, G711Codec.Pcmu })
        {
            Assert.Equal(160, codec.Encode(pcm, payload));
            Assert.Equal(160, codec.Decode(payload, decoded));
            for (int i = 0; i < pcm.Length; i++) Assert.InRange(decoded[i] - pcm[i], -320, 320);
        }

        Assert.Same(G711Codec.Pcma, G711Codec.FromPayloadType(8));
        Assert.Same(G711Codec.Pcmu, G711Codec.FromPayloadType(0));
        Assert.Null(G711Codec.FromPayloadType(18));
    }
}
