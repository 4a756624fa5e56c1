using Gateway.Sip.Sdp;
using NAudio.Codecs;

namespace Gateway.IntegrationTests.Media.Support;

/// <summary>G.711 through NAudio's tables: an implementation independent of the gateway's own.</summary>
internal static class G711
{
    public static void Encode(SdpPayloadType codec, ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        bool alaw = codec.Number == SdpPayloadType.Pcma.Number;
        for (int i = 0; i < pcm.Length; i++) payload[i] = alaw ? ALawEncoder.LinearToALawSample(pcm[i]) : MuLawEncoder.LinearToMuLawSample(pcm[i]);
    }

    public static short[] Decode(byte payloadType, ReadOnlySpan<byte> payload)
    {
        var pcm = new short[payload.Length];
        for (int i = 0; i < payload.Length; i++)
        {
            pcm[i] = payloadType == SdpPayloadType.Pcma.Number ? ALawDecoder.ALawToLinearSample(payload[i]) : MuLawDecoder.MuLawToLinearSample(payload[i]);
        }

        return pcm;
    }
}
