namespace Gateway.Sip.Media.Rtp;

/// <summary>Why a datagram is not a usable RTP packet; the wire path reports these instead of throwing.</summary>
public enum RtpParseError
{
    None,
    TooShort,
    BadVersion,
    CsrcListTruncated,
    ExtensionTruncated,
    BadPadding,
}
