using System.Net;

namespace Gateway.Sip.Security;

/// <summary>
/// An allow-list of CIDR blocks (IPv4 and IPv6; a bare address is a /32 or /128). IPv4-mapped IPv6 sources
/// (dual-stack sockets) are compared as IPv4.
/// </summary>
public sealed class SourceAddressList
{
    private readonly IPNetwork[] _networks;

    public SourceAddressList(IEnumerable<IPNetwork> networks) => _networks = networks.ToArray();

    public IReadOnlyList<IPNetwork> Networks => _networks;

    public static bool TryParseEntry(string text, out IPNetwork network)
    {
        network = default;
        text = text.Trim();
        if (text.Contains('/')) return IPNetwork.TryParse(text, out network);
        if (!IPAddress.TryParse(text, out var address)) return false;
        address = Normalize(address);
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    /// <summary>Parses every entry; throws naming the bad one (configuration is validated before this runs).</summary>
    public static SourceAddressList Parse(IEnumerable<string> entries) =>
        new(entries.Select(e => TryParseEntry(e, out var n) ? n : throw new FormatException($"'{e}' is not an IP address or CIDR block.")));

    public bool Contains(IPAddress address)
    {
        address = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address)) return true;
        }
        return false;
    }

    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
