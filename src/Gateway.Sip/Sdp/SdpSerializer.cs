using System.Globalization;
using System.Text;

namespace Gateway.Sip.Sdp;

/// <summary>Writes SDP in the order RFC 4566 §5 requires, CRLF line ends.</summary>
public static class SdpSerializer
{
    public static byte[] ToBytes(SdpSession session) => Encoding.UTF8.GetBytes(ToText(session));

    public static string ToText(SdpSession session)
    {
        var ipVersion = IpVersion(session.OriginAddress);
        var builder = new StringBuilder(256);
        builder.Append("v=0\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"o={session.OriginUser} {session.SessionId} {session.SessionVersion} IN {ipVersion} {session.OriginAddress}\r\n");
        builder.Append("s=").Append(session.SessionName).Append("\r\n");
        if (session.ConnectionAddress is { } address) builder.Append(CultureInfo.InvariantCulture, $"c=IN {IpVersion(address)} {address}\r\n");
        builder.Append("t=0 0\r\n");
        foreach (var media in session.Media) AppendMedia(builder, media);
        return builder.ToString();
    }

    private static void AppendMedia(StringBuilder builder, SdpMedia media)
    {
        builder.Append("m=").Append(media.MediaType).Append(' ').Append(media.Port).Append(' ').Append(media.Protocol);
        foreach (var format in media.Formats) builder.Append(' ').Append(format.Number);
        builder.Append("\r\n");
        if (media.ConnectionAddress is { } address) builder.Append(CultureInfo.InvariantCulture, $"c=IN {IpVersion(address)} {address}\r\n");
        foreach (var format in media.Formats)
        {
            builder.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{format.Number} {format.EncodingName}/{format.ClockRate}\r\n");
            if (format.FormatParameters is { } parameters) builder.Append(CultureInfo.InvariantCulture, $"a=fmtp:{format.Number} {parameters}\r\n");
        }
        if (media.PacketTimeMs is { } ptime) builder.Append(CultureInfo.InvariantCulture, $"a=ptime:{ptime}\r\n");
        foreach (var attribute in media.OtherAttributes) builder.Append("a=").Append(attribute).Append("\r\n");
        builder.Append("a=").Append(media.Direction.ToAttribute()).Append("\r\n");
    }

    private static string IpVersion(string address) => address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";
}
