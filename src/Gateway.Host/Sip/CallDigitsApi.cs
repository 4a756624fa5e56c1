using Gateway.Host.Security;
using Gateway.Sip.Call;

namespace Gateway.Host.Sip;

/// <summary>Body of <c>POST /api/calls/{id}/digits</c>: the digits, the leg ("caller" or "callee"), optionally how long each tone lasts.</summary>
public sealed record CallDigitsRequest(string? Digits, string? Leg, int? DurationMs);

/// <summary>
/// <c>POST /api/calls/{id}/digits</c> (any API role): sends DTMF into a live call as RFC 4733 telephone-events on one
/// leg — an IVR menu of the 12345 hotline, a PBX extension. 202 once queued (each digit enters the call record as sent
/// when its end packets went out); 400 bad input; 404 unknown or ended call; 409 the leg has no media or no
/// telephone-event. Audited like every API command.
/// </summary>
internal static class CallDigitsApi
{
    public const int MaxDigits = 32;
    public const int MinDurationMs = 40;
    public const int MaxDurationMs = 5000;
    public const int DefaultDurationMs = 100;
    private const string Symbols = "0123456789*#ABCD";

    public static void MapCallDigitsApi(this WebApplication app)
    {
        app.MapPost("/api/calls/{id}/digits", (string id, CallDigitsRequest request, CallRecordStore store) =>
        {
            if (Validate(request) is { } problem) return Results.BadRequest(new { error = problem });
            var record = store.ActiveCalls().FirstOrDefault(r => r.Id == id);
            if (record is null)
            {
                return Results.NotFound(new { error = store.Find(id) is null ? $"no call '{id}'" : $"call '{id}' has ended" });
            }

            var leg = request.Leg!;
            var duration = request.DurationMs ?? DefaultDurationMs;
            return record.DigitSenders.TrySend(leg, request.Digits!, TimeSpan.FromMilliseconds(duration)) switch
            {
                DigitSendOutcome.Queued => Results.Accepted($"/api/calls/{id}", new { id, leg, digits = request.Digits, durationMs = duration }),
                DigitSendOutcome.NoTelephoneEvent => Results.Conflict(new { error = $"the {leg} leg of call '{id}' did not negotiate telephone-event (RFC 4733): digits cannot be sent on it" }),
                _ => Results.Conflict(new { error = $"call '{id}' has no {leg} leg with media (not answered yet, being released, or a call with no {leg} leg)" }),
            };
        }).RequireAuthorization(ApiRoles.AnyRole);
    }

    private static string? Validate(CallDigitsRequest request)
    {
        if (string.IsNullOrEmpty(request.Digits) || request.Digits.Length > MaxDigits || !request.Digits.All(Symbols.Contains))
            return $"digits: 1 to {MaxDigits} DTMF symbols 0-9 * # A-D (got {(request.Digits is { Length: > MaxDigits } tooLong ? $"{tooLong.Length} characters" : $"'{request.Digits}'")})";
        if (request.Leg is not ("caller" or "callee"))
            return $"leg: caller or callee (got '{request.Leg}')";
        if (request.DurationMs is { } ms && ms is < MinDurationMs or > MaxDurationMs)
            return $"durationMs: {MinDurationMs} to {MaxDurationMs} (got {ms})";
        return null;
    }
}
