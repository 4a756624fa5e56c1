using Gateway.Dispatch.Model;
using Gateway.Dispatch.Rules;

namespace Gateway.Dispatch.Engine;

/// <summary>The answer to opening an incident: the incident, whom the rules put first, and the maritime hand-over order if one went out.</summary>
public sealed record IncidentOpening(IncidentSnapshot Incident, LeadDecision Decision, OrderSnapshot? MaritimeOrder);
