namespace Gateway.Sip.Sdp;

/// <summary>One m= section: port, transport, formats in preference order, ptime, direction and an optional c= address.</summary>
public sealed record SdpMedia
{
    public string MediaType { get; init; } = "audio";
    public int Port { get; init; }
    public string Protocol { get; init; } = "RTP/AVP";
    public IReadOnlyList<SdpPayloadType> Formats { get; init; } = [];
    public int? PacketTimeMs { get; init; }
    public SdpDirection Direction { get; init; } = SdpDirection.SendRecv;
    public string? ConnectionAddress { get; init; }
    /// <summary>Attributes we keep but do not interpret, as "name:value" or "name".</summary>
    public IReadOnlyList<string> OtherAttributes { get; init; } = [];

    public bool IsAudio => MediaType == "audio";
    public bool IsRejected => Port == 0;
}
