using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Engine;

namespace Gateway.Host.Dispatch.Api;

/// <summary>/api/units: list (any role), register or replace (admin). The body has the shape of a config unit.</summary>
internal static class UnitEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/units", (DispatchEngine engine) => ApiJson.Ok(engine.Units)).RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapPost("/units", RegisterAsync).RequireAuthorization(DispatchPolicies.Admin);
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, DispatchEngine engine)
    {
        var (body, error) = await ApiJson.ReadAsync<UnitOptions>(request);
        if (error is not null)
            return error;
        return (await engine.RegisterUnitAsync(body!.ToUnit())).ToHttp();
    }
}
