using Gateway.Dispatch.Engine;

namespace Gateway.Host.Dispatch.Api;

/// <summary>Maps engine answers to HTTP: Ok 200, NotFound 404, Invalid 400, IllegalTransition and Duplicate 409.</summary>
internal static class DispatchResults
{
    public static int StatusCodeOf(DispatchStatus status) => status switch
    {
        DispatchStatus.Ok => StatusCodes.Status200OK,
        DispatchStatus.NotFound => StatusCodes.Status404NotFound,
        DispatchStatus.Invalid => StatusCodes.Status400BadRequest,
        // Duplicate: nothing changed because the state already holds; the client learns it, nothing breaks.
        DispatchStatus.IllegalTransition or DispatchStatus.Duplicate => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult ToHttp<T>(this DispatchResult<T> result) =>
        result.IsOk ? ApiJson.Ok(result.Value) : ApiJson.Problem(StatusCodeOf(result.Status), result.Error ?? result.Status.ToString());
}
