namespace Gateway.Fax.Modem;

/// <summary>Where in the T.30 call a hang-up code places the failure (first hex digit of the code).</summary>
public enum FaxHangupPhase
{
    Normal,
    CallPlacement,
    PhaseB,
    PhaseC,
    PhaseD,
    Receive,
    Unknown,
}
