namespace Gateway.Sip.Call;

/// <summary>Static routing: the longest matching called-number prefix wins.</summary>
public sealed class CallRouter
{
    private readonly CallRoute[] _routes;

    public CallRouter(IEnumerable<CallRoute> routes) =>
        _routes = routes.OrderByDescending(r => r.Prefix.Length).ToArray();

    public IReadOnlyList<CallRoute> Routes => _routes;

    public CallRoute? Find(string calledNumber)
    {
        foreach (var route in _routes)
        {
            if (calledNumber.StartsWith(route.Prefix, StringComparison.Ordinal)) return route;
        }
        return null;
    }
}
