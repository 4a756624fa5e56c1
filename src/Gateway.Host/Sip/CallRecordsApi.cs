using Gateway.Host.Security;
using Gateway.Sip.Call;

namespace Gateway.Host.Sip;

/// <summary>A call record as the API shows it (a copy, taken while the call may still add digits).</summary>
public sealed record CallRecordView(
    string Id, string CallId, string Caller, string Called, string? Peer, string? Route, bool Active,
    DateTimeOffset Started, DateTimeOffset? Answered, DateTimeOffset? Ended, long? DurationMs, int EndStatus, string? EndCause,
    CallRecordingSummary? Recording, IReadOnlyList<CallDigit> Digits, string DigitString, IReadOnlyList<CallLegMedia> Media)
{
    public static CallRecordView From(CallRecord record, bool active)
    {
        CallDigit[] digits;
        lock (record.Digits) digits = [.. record.Digits];
        CallLegMedia[] media;
        lock (record.Media) media = [.. record.Media];
        long? duration = record.Answered is { } answered && record.Ended is { } ended ? (long)(ended - answered).TotalMilliseconds : null;
        return new CallRecordView(record.Id, record.CallId, record.Caller, record.Called, record.Peer, record.Route, active,
            record.Started, record.Answered, record.Ended, duration, record.EndStatus, record.EndCause, record.Recording, digits,
            string.Concat(digits.Where(d => d.Direction == CallDigit.Received).Select(d => d.Digit)), media);
    }
}

/// <summary>Read-only call records for call-takers and admins: <c>GET /api/calls</c> and <c>GET /api/calls/{id}</c>.</summary>
internal static class CallRecordsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;

    public static void MapCallRecordsApi(this WebApplication app)
    {
        var calls = app.MapGroup("/api/calls").RequireAuthorization(ApiRoles.CallTaker);
        // Calls in progress first, then finished ones, newest first.
        calls.MapGet("/", (CallRecordStore store, int? limit) =>
        {
            var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
            var active = store.ActiveCalls().OrderByDescending(r => r.Started).Select(r => CallRecordView.From(r, active: true));
            var done = store.Snapshot().Reverse().Select(r => CallRecordView.From(r, active: false));
            return Results.Ok(active.Concat(done).Take(take).ToArray());
        });
        calls.MapGet("/{id}", (string id, CallRecordStore store) =>
        {
            var active = store.ActiveCalls().FirstOrDefault(r => r.Id == id);
            if (active is not null) return Results.Ok(CallRecordView.From(active, active: true));
            return store.Find(id) is { } record ? Results.Ok(CallRecordView.From(record, active: false)) : Results.NotFound();
        });
    }
}
