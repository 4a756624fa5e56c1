namespace Gateway.Sip.Sdp;

public enum SdpParseError
{
    None,
    Empty,
    TooLarge,
    MissingVersion,
    MalformedLine,
    MalformedOrigin,
    MalformedConnection,
    MalformedMedia,
}
