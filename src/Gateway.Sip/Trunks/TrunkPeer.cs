using System.Net;
using Gateway.Sip.Security;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Security.RateLimiting;

namespace Gateway.Sip.Trunks;

/// <summary>A configured trunk peer at run time: who it is, where it sends from, how it authenticates.</summary>
public sealed class TrunkPeer
{
    public TrunkPeer(SipTrunkOptions options, DigestNonceService nonces)
    {
        Options = options;
        Name = options.Name;
        Sources = SourceAddressList.Parse(options.Sources);
        InviteLimit = new RateLimit(options.InvitesPerSecond, options.InviteBurst);
        RemoteEndPoint = options.Host is { } host ? new IPEndPoint(IPAddress.Parse(host), options.Port) : null;
        if (options.InboundAuth is { } inbound)
        {
            var store = new InMemoryCredentialStore([new(inbound.Username, inbound.Password)]);
            InboundAuthenticator = new DigestAuthenticator(inbound.Realm ?? options.Name, store, nonces,
                inbound.Algorithms is { Count: > 0 } algorithms ? DigestAlgorithms.ParseList(algorithms) : null);
        }
        OutboundAccount = options.OutboundAuth is { } outbound ? new DigestAccount(outbound.Username, outbound.Password) : null;
    }

    public string Name { get; }
    public SipTrunkOptions Options { get; }
    public SourceAddressList Sources { get; }
    public RateLimit InviteLimit { get; }
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>Set when the trunk must authenticate its requests to us.</summary>
    public DigestAuthenticator? InboundAuthenticator { get; }

    /// <summary>Set when we answer the trunk's challenges.</summary>
    public DigestAccount? OutboundAccount { get; }
}

/// <summary>All trunk peers; finds the one a source address belongs to (first configured wins on overlap).</summary>
public sealed class TrunkDirectory(IEnumerable<TrunkPeer> peers)
{
    private readonly TrunkPeer[] _peers = peers.ToArray();

    public static TrunkDirectory FromOptions(SipEdgeOptions options, DigestNonceService nonces) =>
        new(options.Trunks.Select(t => new TrunkPeer(t, nonces)));

    public IReadOnlyList<TrunkPeer> Peers => _peers;

    public TrunkPeer? FindBySource(IPAddress source)
    {
        foreach (var peer in _peers)
        {
            if (peer.Sources.Contains(source)) return peer;
        }
        return null;
    }

    /// <summary>
    /// The trunk we are sending to: the one whose Host:Port is <paramref name="destination"/>, else one with outbound
    /// credentials whose sources include the address (calls routed by URI to a trunk's other port).
    /// </summary>
    public TrunkPeer? FindByDestination(IPEndPoint destination)
    {
        var address = SourceAddressList.Normalize(destination.Address);
        return _peers.FirstOrDefault(p => p.RemoteEndPoint is { } remote && remote.Port == destination.Port && SourceAddressList.Normalize(remote.Address).Equals(address))
            ?? _peers.FirstOrDefault(p => p.OutboundAccount is not null && p.Sources.Contains(address));
    }

    public TrunkPeer? FindByName(string name) => _peers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
