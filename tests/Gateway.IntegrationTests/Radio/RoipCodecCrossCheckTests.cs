using Gateway.Simulators.Devices.Radio.Roip;
using Gateway.Sip.Media.Codecs;

namespace Gateway.IntegrationTests.Radio;

/// <summary>
/// The simulator's G.711 is written separately from the gateway's; both must agree on every code and every sample,
/// or the voice tests would measure a codec disagreement instead of the gateway.
/// </summary>
public sealed class RoipCodecCrossCheckTests
{
    [Theory]
    [InlineData(G711.PcmaPayloadType)]
    [InlineData(G711.PcmuPayloadType)]
    public void Both_codecs_decode_every_code_alike(byte payloadType)
    {
        var codes = Enumerable.Range(0, 256).Select(c => (byte)c).ToArray();
        var gateway = new short[256];
        G711Codec.FromPayloadType(payloadType)!.Decode(codes, gateway);

        var simulator = codes.Select(c => G711.Decode(payloadType, c)).ToArray();

        Assert.Equal(gateway, simulator);
    }

    [Theory]
    [InlineData(G711.PcmaPayloadType)]
    [InlineData(G711.PcmuPayloadType)]
    public void Every_sample_round_trips_to_the_same_level_through_either_encoder(byte payloadType)
    {
        var samples = Enumerable.Range(short.MinValue, 65536).Select(s => (short)s).ToArray();
        var codec = G711Codec.FromPayloadType(payloadType)!;
        var gatewayCodes = new byte[samples.Length];
        codec.Encode(samples, gatewayCodes);
        var gatewayLevels = new short[samples.Length];
        codec.Decode(gatewayCodes, gatewayLevels);

        var simulatorLevels = samples.Select(s => G711.Decode(payloadType, G711.Encode(payloadType, s))).ToArray();

        // μ-law has two codes for zero, so levels are compared, not codes.
        var mismatches = Enumerable.Range(0, samples.Length).Count(i => gatewayLevels[i] != simulatorLevels[i]);
        Assert.Equal(0, mismatches);
    }
}
