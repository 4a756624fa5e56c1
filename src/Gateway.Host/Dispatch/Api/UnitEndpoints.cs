using Gateway.Dispatch.Configuration;

namespace Gateway.Host.Dispatch.Api;

/// <summary>/api/units: list (any role), register or replace (admin). The body has the shape of a config unit.</summary>
internal static class UnitEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/units", (DispatchEngineHost dispatch) => ApiJson.Ok(dispatch.Engine!.Units)).RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapPost("/units", RegisterAsync).RequireAuthorization(DispatchPolicies.Admin);
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, DispatchEngineHost dispatch)
    {
        var (body, error) = await ApiJson.ReadAsync<UnitOptions>(request);
        if (error is not null)
            return error;
        return (await dispatch.Engine!.RegisterUnitAsync(body!.ToUnit())).ToHttp();
    }
}
