using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Host.Dispatch.Api;

/// <summary>The dispatch API's JSON: camelCase, enums as names (as in the config file), no nulls written.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Chinese unit names and texts stay readable on the wire.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok<T>(T value) => Results.Json(value, Options);

    public static IResult Problem(int status, string error) => Results.Json(new ApiError(error), Options, statusCode: status);

    /// <summary>Reads a JSON body; a missing or malformed one is a typed failure, never an exception to the caller.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "send the body as application/json"));
        try
        {
            var value = await request.ReadFromJsonAsync<T>(Options, request.HttpContext.RequestAborted);
            return value is null ? (null, Problem(StatusCodes.Status400BadRequest, "the body is empty")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, $"malformed JSON: {ex.Message}"));
        }
    }
}

internal sealed record ApiError(string Error);
