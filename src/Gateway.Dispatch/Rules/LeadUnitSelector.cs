using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Rules;

/// <param name="LeadUnit">Who gets the first order; null for non-emergencies (12345) or when no unit fits.</param>
/// <param name="ByFirstResponsibility">No competent unit was found: public security accepts first and hands over later (首接负责).</param>
public sealed record LeadDecision(
    LeadPolicy Policy,
    LinkageUnit? LeadUnit,
    bool ByFirstResponsibility,
    bool NeedsWorkOrder12345,
    bool HandToMaritimeRescue);

/// <summary>Applies the classification rules to the registered units.</summary>
public static class LeadUnitSelector
{
    public static LeadDecision Decide(IncidentDraft incident, IEnumerable<LinkageUnit> units)
    {
        var policy = CategoryRules.PolicyFor(incident.Category);
        var candidates = units.ToList();
        if (policy == LeadPolicy.MaritimeHandover)
        {
            var maritime = Best(candidates.Where(u => u.Role == UnitRole.MaritimeRescue), incident.Category);
            return maritime is not null
                ? new LeadDecision(policy, maritime, false, false, true)
                : new LeadDecision(policy, Best(PublicSecurity(candidates), incident.Category), true, false, false);
        }
        if (!incident.IsEmergency)
        {
            return new LeadDecision(policy, null, false, true, false);
        }
        if (policy == LeadPolicy.PublicSecurityFirst)
        {
            return new LeadDecision(policy, Best(PublicSecurity(candidates), incident.Category), false, false, false);
        }
        var competent = Best(candidates.Where(u => u.Role != UnitRole.PublicSecurity && u.Serves(incident.Category)), incident.Category);
        return competent is not null
            ? new LeadDecision(policy, competent, false, false, false)
            : new LeadDecision(policy, Best(PublicSecurity(candidates), incident.Category), true, false, false);
    }

    private static IEnumerable<LinkageUnit> PublicSecurity(IEnumerable<LinkageUnit> units) =>
        units.Where(u => u.Role == UnitRole.PublicSecurity);

    /// <summary>Units serving the category first, then the higher tier (tier 1 keeps 24 h duty), then by id for a stable choice.</summary>
    private static LinkageUnit? Best(IEnumerable<LinkageUnit> units, IncidentCategory category) =>
        units.Where(u => u.Channels.Count > 0)
            .OrderByDescending(u => u.Serves(category))
            .ThenBy(u => u.Tier)
            .ThenBy(u => u.Id, StringComparer.Ordinal)
            .FirstOrDefault();
}
