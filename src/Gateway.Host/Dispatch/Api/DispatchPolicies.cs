using Gateway.Host.Security;

namespace Gateway.Host.Dispatch.Api;

/// <summary>
/// Who may do what on the dispatch API. Any API role may read and open incidents (call-takers open them from
/// alarm calls); dispatchers (and admins) command orders, handovers, status and feedback; admins alone manage
/// units and read the assessment reports.
/// </summary>
internal static class DispatchPolicies
{
    public const string AnyRole = ApiRoles.AnyRole;
    public const string Dispatcher = ApiRoles.Dispatcher;
    public const string Admin = ApiRoles.Admin;
}
