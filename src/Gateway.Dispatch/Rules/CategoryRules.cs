using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Rules;

public enum LeadPolicy
{
    /// <summary>Security, criminal and traffic cases: public security goes first.</summary>
    PublicSecurityFirst,
    /// <summary>Everything else: the competent department goes first.</summary>
    CompetentDepartmentFirst,
    /// <summary>Shipwreck, oil spill, fishing accidents: handed to the maritime SAR centre at once.</summary>
    MaritimeHandover,
}

public static class CategoryRules
{
    public static LeadPolicy PolicyFor(IncidentCategory category) => category switch
    {
        IncidentCategory.PublicSecurity or IncidentCategory.Criminal or IncidentCategory.Traffic => LeadPolicy.PublicSecurityFirst,
        IncidentCategory.Shipwreck or IncidentCategory.OilSpill or IncidentCategory.FishingAccident => LeadPolicy.MaritimeHandover,
        _ => LeadPolicy.CompetentDepartmentFirst,
    };
}
