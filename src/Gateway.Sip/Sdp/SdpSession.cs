namespace Gateway.Sip.Sdp;

/// <summary>An SDP session description (RFC 4566), the parts offer/answer needs.</summary>
public sealed record SdpSession
{
    public string OriginUser { get; init; } = "-";
    public ulong SessionId { get; init; }
    public ulong SessionVersion { get; init; }
    public string OriginAddress { get; init; } = "127.0.0.1";
    public string SessionName { get; init; } = "-";
    /// <summary>Session-level c= address (media-level c= wins).</summary>
    public string? ConnectionAddress { get; init; }
    /// <summary>Session-level direction attribute, which media inherit when they carry none.</summary>
    public SdpDirection? Direction { get; init; }
    public IReadOnlyList<SdpMedia> Media { get; init; } = [];

    /// <summary>The first audio stream that is not rejected, or null.</summary>
    public SdpMedia? Audio => Media.FirstOrDefault(m => m.IsAudio && !m.IsRejected);

    public string? AddressOf(SdpMedia media) => media.ConnectionAddress ?? ConnectionAddress;

    /// <summary>
    /// RFC 3264 §8.4: hold by sendonly/inactive, or the RFC 2543 way of c=0.0.0.0.
    /// </summary>
    public bool IsHold(SdpMedia media) =>
        media.Direction is SdpDirection.SendOnly or SdpDirection.Inactive || AddressOf(media) == "0.0.0.0";
}
