namespace Gateway.Dispatch.Model;

/// <summary>How an order can reach a unit. The order of a unit's channels is its preference.</summary>
public enum ChannelKind
{
    DutyTerminal,
    RadioText,
    Fax,
    Phone,
}

public enum UnitTier
{
    Tier1 = 1,
    Tier2 = 2,
    Tier3 = 3,
}

public enum UnitArea
{
    Urban,
    Rural,
}

/// <summary>What kind of body a unit is; the rules and deadlines depend on it.</summary>
public enum UnitRole
{
    PublicSecurity,
    Fire,
    Medical,
    MaritimeRescue,
    Department,
}

public enum IncidentPriority
{
    Low,
    Normal,
    High,
    Critical,
}

/// <summary>Categories the centre takes (Zhoushan list plus the police categories).</summary>
public enum IncidentCategory
{
    PublicSecurity,
    Criminal,
    Traffic,
    Fire,
    CriticalIllness,
    NaturalDisaster,
    HazardousChemicals,
    ProductionAccident,
    TrafficHazard,
    Drowning,
    Fall,
    SuicideAttempt,
    LiftEntrapment,
    Electrocution,
    MissingPerson,
    WaterFailure,
    PowerFailure,
    GasFailure,
    ManholeCover,
    DogAttack,
    Shipwreck,
    OilSpill,
    FishingAccident,
    Other,
}

public static class UnitRoleExtensions
{
    /// <summary>Police, fire and 120 have the shortest arrival deadlines.</summary>
    public static bool IsFrontLineService(this UnitRole role) =>
        role is UnitRole.PublicSecurity or UnitRole.Fire or UnitRole.Medical;
}
