using System.Net;
using Gateway.Sip.Message;

namespace Gateway.Sip.Transport;

/// <summary>
/// Where a response goes (RFC 3261 §18.2.2, RFC 3581 §4): received (or sent-by when it is an address) and rport
/// (or the sent-by port, or 5060). maddr, broadcast and multicast are never followed (RFC 4475 §3.3.10): the
/// packet's source is used instead. Names would need DNS (RFC 3263), so they fall back to the source too.
/// </summary>
public static class SipResponseAddressing
{
    public const int DefaultPort = 5060;

    public static IPEndPoint Resolve(SipVia topVia, IPEndPoint source)
    {
        var address = ParseAddress(topVia.Received) ?? ParseAddress(topVia.Host);
        if (address is null || IsUnsafe(address)) return source;
        var port = topVia.RPort ?? topVia.Port ?? DefaultPort;
        return new IPEndPoint(address, port);
    }

    private static IPAddress? ParseAddress(string? text) =>
        text is not null && IPAddress.TryParse(text.Trim('[', ']'), out var address) ? SipViaStamper.Normalize(address) : null;

    private static bool IsUnsafe(IPAddress address) =>
        address.Equals(IPAddress.Broadcast) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
        || address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);
}
