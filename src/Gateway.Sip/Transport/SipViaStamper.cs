using System.Globalization;
using System.Net;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Transport;

/// <summary>
/// RFC 3261 §18.2.1 and RFC 3581: a server transport adds received= when the top Via's sent-by is not the
/// packet's source address, and fills in rport= (with received=) when the client asked for it.
/// </summary>
public static class SipViaStamper
{
    public static void Stamp(SipRequest request, IPEndPoint source)
    {
        var index = request.Headers.IndexOf(SipHeaderId.Via);
        if (index < 0) return;
        var header = request.Headers[index];
        var raw = header.Value.Span;
        var comma = SipLexer.IndexOfUnquoted(raw, (byte)',');
        var first = comma < 0 ? raw : raw[..comma];
        if (!SipVia.TryParse(first, out var via)) return;

        var sourceAddress = AddressText(source.Address);
        var sentByMatches = IPAddress.TryParse(via.Host.Trim('[', ']'), out var sentBy) && sentBy.Equals(Normalize(source.Address));
        var wantsRPort = via.HasRPort && via.RPort is null;
        if (sentByMatches && !wantsRPort) return;

        via.Parameters.Set("received", sourceAddress);
        if (wantsRPort) via.Parameters.Set("rport", source.Port.ToString(CultureInfo.InvariantCulture));
        var rest = comma < 0 ? ReadOnlySpan<byte>.Empty : raw[comma..];
        var value = Encoding.UTF8.GetBytes(via.ToString() + Encoding.UTF8.GetString(rest));
        request.Headers.RemoveAt(index);
        request.Headers.Insert(index, new SipHeader(SipHeaderId.Via, header.Name, value));
    }

    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>received= carries a bare address (IPv6 without brackets, RFC 3261 §20.42 / RFC 5118).</summary>
    private static string AddressText(IPAddress address) => Normalize(address).ToString();
}
