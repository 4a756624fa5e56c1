namespace Gateway.Sip.Media.Codecs;

/// <summary>PCMA (PT 8) and PCMU (PT 0) as <see cref="IAudioCodec"/>: one byte per sample at 8 kHz.</summary>
public sealed class G711Codec : IAudioCodec
{
    public static readonly G711Codec Pcma = new(8, "PCMA", isALaw: true);
    public static readonly G711Codec Pcmu = new(0, "PCMU", isALaw: false);

    private readonly bool _isALaw;

    private G711Codec(byte payloadType, string encodingName, bool isALaw)
    {
        PayloadType = payloadType;
        EncodingName = encodingName;
        _isALaw = isALaw;
    }

    public byte PayloadType { get; }

    public string EncodingName { get; }

    public int ClockRate => 8000;

    /// <summary>Finds the codec for a static payload type; null when it is not G.711.</summary>
    public static G711Codec? FromPayloadType(int payloadType) => payloadType switch
    {
        8 => Pcma,
        0 => Pcmu,
        _ => null,
    };

    public int EncodedLength(int sampleCount) => sampleCount;

    public int DecodedLength(int payloadLength) => payloadLength;

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (_isALaw) ALaw.Encode(pcm, payload);
        else MuLaw.Encode(pcm, payload);
        return pcm.Length;
    }

    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (_isALaw) ALaw.Decode(payload, pcm);
        else MuLaw.Decode(payload, pcm);
        return payload.Length;
    }
}
