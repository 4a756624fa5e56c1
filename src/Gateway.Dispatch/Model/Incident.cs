namespace Gateway.Dispatch.Model;

public readonly record struct GeoPoint(double Latitude, double Longitude);

/// <summary>The 110 call an incident came from; absent for incidents entered by hand.</summary>
public sealed record AlarmCall(string CallerNumber, string CallId, string? RecordingReference);

/// <summary>What a call-taker or the CTI layer supplies to open an incident.</summary>
public sealed record IncidentDraft(
    IncidentCategory Category,
    string LocationText,
    GeoPoint? Coordinates,
    bool IsEmergency,
    IncidentPriority Priority,
    string? Notes,
    AlarmCall? Call = null);

public sealed record ResponsibilityHandover(string? FromUnitId, string ToUnitId, DateTimeOffset At, string Reason);

public sealed record IncidentSnapshot(
    Guid Id,
    IncidentDraft Details,
    DateTimeOffset OpenedAt,
    string? LeadUnitId,
    string? ResponsibleUnitId,
    bool NeedsWorkOrder12345,
    bool HandedToMaritimeRescue,
    IReadOnlyList<ResponsibilityHandover> Handovers,
    IReadOnlyList<Guid> OrderIds);
