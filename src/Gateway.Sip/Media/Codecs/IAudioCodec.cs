namespace Gateway.Sip.Media.Codecs;

/// <summary>A narrowband codec turning 16-bit linear PCM into RTP payload bytes and back.</summary>
public interface IAudioCodec
{
    /// <summary>Static RTP payload type (RFC 3551).</summary>
    byte PayloadType { get; }

    /// <summary>SDP encoding name, e.g. "PCMA".</summary>
    string EncodingName { get; }

    int ClockRate { get; }

    /// <summary>Payload bytes produced for <paramref name="sampleCount"/> samples.</summary>
    int EncodedLength(int sampleCount);

    /// <summary>Samples produced by decoding <paramref name="payloadLength"/> payload bytes.</summary>
    int DecodedLength(int payloadLength);

    /// <summary>Encodes <paramref name="pcm"/> into <paramref name="payload"/>; returns bytes written.</summary>
    int Encode(ReadOnlySpan<short> pcm, Span<byte> payload);

    /// <summary>Decodes <paramref name="payload"/> into <paramref name="pcm"/>; returns samples written.</summary>
    int Decode(ReadOnlySpan<byte> payload, Span<short> pcm);
}
