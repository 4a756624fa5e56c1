namespace Gateway.Sip.Sdp;

/// <summary>What we can send and receive, in preference order (A-law first: China uses it).</summary>
public sealed record SdpCapabilities
{
    public static SdpCapabilities Default { get; } = new();

    public IReadOnlyList<SdpPayloadType> Codecs { get; init; } = [SdpPayloadType.Pcma, SdpPayloadType.Pcmu];
    public SdpPayloadType? TelephoneEvent { get; init; } = SdpPayloadType.TelephoneEvent;
    public int PacketTimeMs { get; init; } = 20;
}

/// <summary>The outcome of answering an offer: the answer, the agreed codec, and whether the offerer put us on hold.</summary>
public sealed record SdpAnswerResult(SdpSession Answer, SdpPayloadType Codec, SdpPayloadType? TelephoneEvent, string RemoteAddress, int RemotePort, bool IsHold);

/// <summary>RFC 3264 offer/answer for one audio stream.</summary>
public sealed class SdpNegotiator(SdpCapabilities? capabilities = null)
{
    private readonly SdpCapabilities _capabilities = capabilities ?? SdpCapabilities.Default;
    private long _sessionId = Random.Shared.NextInt64(1, long.MaxValue / 2);

    /// <summary>Builds our offer for a leg on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public SdpSession CreateOffer(string address, int port, SdpDirection direction = SdpDirection.SendRecv, ulong version = 1)
    {
        var formats = new List<SdpPayloadType>(_capabilities.Codecs);
        if (_capabilities.TelephoneEvent is { } events) formats.Add(events);
        return NewSession(address, version) with
        {
            Media = [new SdpMedia { Port = port, Formats = formats, PacketTimeMs = _capabilities.PacketTimeMs, Direction = direction }],
        };
    }

    /// <summary>An offer limited to given formats (a B2BUA offers the far leg exactly the codec the near leg agreed).</summary>
    public SdpSession CreateOffer(string address, int port, IReadOnlyList<SdpPayloadType> formats, ulong version = 1) =>
        NewSession(address, version) with
        {
            Media = [new SdpMedia { Port = port, Formats = formats, PacketTimeMs = _capabilities.PacketTimeMs }],
        };

    /// <summary>
    /// Answers an offer (RFC 3264 §6): the first offered codec we support — by our preference when the offer
    /// lists several we support, PCMA before PCMU — plus telephone-event with the offerer's number. Null means 488.
    /// </summary>
    public SdpAnswerResult? Answer(SdpSession offer, string address, int port, ulong version = 1)
    {
        var audioIndex = -1;
        for (var i = 0; i < offer.Media.Count; i++)
        {
            if (offer.Media[i].IsAudio && !offer.Media[i].IsRejected && offer.Media[i].Protocol.StartsWith("RTP/AVP", StringComparison.Ordinal))
            {
                audioIndex = i;
                break;
            }
        }
        if (audioIndex < 0) return null;
        var audio = offer.Media[audioIndex];
        var codec = ChooseCodec(audio);
        if (codec is null) return null;
        var events = _capabilities.TelephoneEvent is null ? null : audio.Formats.FirstOrDefault(f => f.IsTelephoneEvent && f.ClockRate == 8000);
        var remoteAddress = offer.AddressOf(audio);
        if (remoteAddress is null) return null;

        // Every other m= line is rejected with port 0 and kept in place (RFC 3264 §6).
        var media = new List<SdpMedia>(offer.Media.Count);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            if (i == audioIndex)
            {
                var formats = events is null ? new[] { codec } : new[] { codec, events };
                media.Add(new SdpMedia { Port = port, Formats = formats, PacketTimeMs = audio.PacketTimeMs ?? _capabilities.PacketTimeMs, Direction = audio.Direction.Mirror() });
            }
            else
            {
                var rejected = offer.Media[i];
                media.Add(rejected with { Port = 0, ConnectionAddress = null, OtherAttributes = [], PacketTimeMs = null, Direction = SdpDirection.Inactive });
            }
        }
        var answer = NewSession(address, version) with { Media = media };
        return new SdpAnswerResult(answer, codec, events, remoteAddress, audio.Port, offer.IsHold(audio));
    }

    /// <summary>Reads the answer to our offer: the codec the peer picked that we offered, or null when it picked none.</summary>
    public SdpAnswerResult? ReadAnswer(SdpSession offer, SdpSession answer)
    {
        var audio = answer.Audio;
        if (audio is null || answer.AddressOf(audio) is not { } address) return null;
        var offered = offer.Audio?.Formats ?? [];
        var codec = audio.Formats.FirstOrDefault(f => !f.IsTelephoneEvent && offered.Any(o => o.SameFormat(f)));
        if (codec is null) return null;
        var events = audio.Formats.FirstOrDefault(f => f.IsTelephoneEvent);
        return new SdpAnswerResult(answer, codec, events, address, audio.Port, answer.IsHold(audio));
    }

    private SdpPayloadType? ChooseCodec(SdpMedia audio)
    {
        foreach (var ours in _capabilities.Codecs)
        {
            var match = audio.Formats.FirstOrDefault(f => !f.IsTelephoneEvent && f.SameFormat(ours));
            if (match is not null) return match;
        }
        return null;
    }

    private SdpSession NewSession(string address, ulong version) => new()
    {
        SessionId = (ulong)Interlocked.Increment(ref _sessionId),
        SessionVersion = version,
        OriginAddress = address,
        ConnectionAddress = address,
    };
}
