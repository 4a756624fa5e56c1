using Gateway.Dispatch.Model;

namespace Gateway.Host.Dispatch.Api;

/// <summary>POST /api/incidents. Category and a location (text or coordinates) are required.</summary>
internal sealed record OpenIncidentRequest(
    IncidentCategory? Category,
    string? LocationText,
    double? Latitude,
    double? Longitude,
    bool? IsEmergency,
    IncidentPriority? Priority,
    string? Notes,
    AlarmCall? Call)
{
    public IncidentDraft? ToDraft(out string? problem)
    {
        problem = Category is null ? "category is required"
            : Latitude is null != Longitude is null ? "give both latitude and longitude, or neither"
            : Latitude is < -90 or > 90 || Longitude is < -180 or > 180 ? "coordinates are out of range"
            : null;
        if (problem is not null)
            return null;
        var point = Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : (GeoPoint?)null;
        return new IncidentDraft(Category!.Value, LocationText ?? "", point, IsEmergency ?? true, Priority ?? IncidentPriority.Normal, Notes, Call);
    }
}

/// <summary>POST /api/incidents/{id}/handover: the competent unit takes over (首接负责).</summary>
internal sealed record HandoverRequest(string? ToUnitId, string? Reason);

/// <summary>POST /api/orders: a point-to-point order to one unit for one incident.</summary>
internal sealed record DispatchOrderRequest(Guid? IncidentId, string? UnitId, string? Text);

/// <summary>POST /api/orders/{id}/status: a status entered by a dispatcher (e.g. the unit phoned in 到场).</summary>
internal sealed record StatusRequest(OrderState? State, string? Note);

/// <summary>POST /api/orders/{id}/feedback: the unit's result report (反馈).</summary>
internal sealed record FeedbackRequest(string? Note);
