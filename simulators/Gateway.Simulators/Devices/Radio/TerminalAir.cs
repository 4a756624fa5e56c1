using Gateway.Simulators.Devices.Radio.Roip;

namespace Gateway.Simulators.Devices.Radio;

/// <summary>Who holds the floor of a terminal's call: nobody, the terminal (its RoIP input goes on air) or a unit.</summary>
public enum AirFloor
{
    Idle,
    Terminal,
    Unit,
}

/// <summary>
/// One terminal's call and floor on the simulated air, kept by the network so it outlives a connection: the active
/// call, who talks, and the terminal's RoIP endpoint. Floor rules: a terminal's demand is granted when the floor is
/// free, refused while a unit talks unless it has emergency priority (3), which pre-empts the unit.
/// </summary>
public sealed class TerminalAir(int issi, RoipEndpoint? roip)
{
    public const int EmergencyPriority = 3;

    private readonly Lock _gate = new();
    private CancellationTokenSource? _unitTalk;

    public int Issi { get; } = issi;

    public RoipEndpoint? Roip { get; } = roip;

    public int? ActiveCall { get; private set; }

    public AirFloor Floor { get; private set; }

    public int? TalkingUnit { get; private set; }

    public void CallStarted(int ccInstance)
    {
        lock (_gate)
        {
            ActiveCall = ccInstance;
        }
    }

    /// <summary>The call ended: whoever talked stops.</summary>
    public void CallEnded(string reason)
    {
        lock (_gate)
        {
            ActiveCall = null;
            StopUnitLocked();
            Floor = AirFloor.Idle;
        }

        Roip?.EndTransmission(reason);
    }

    /// <summary>A transmit demand of the terminal; true when granted.</summary>
    public bool DemandTransmit(int ccInstance, int priority)
    {
        lock (_gate)
        {
            if (ActiveCall != ccInstance)
            {
                return false;
            }

            if (Floor == AirFloor.Unit)
            {
                if (priority < EmergencyPriority)
                {
                    return false;
                }

                StopUnitLocked();
            }

            Floor = AirFloor.Terminal;
        }

        Roip?.BeginTransmission(ccInstance, priority);
        return true;
    }

    public void CeaseTransmit(string reason)
    {
        lock (_gate)
        {
            if (Floor == AirFloor.Terminal)
            {
                Floor = AirFloor.Idle;
            }
        }

        Roip?.EndTransmission(reason);
    }

    /// <summary>A unit takes the floor; null when the terminal holds it or there is no call. Cancelled by pre-emption.</summary>
    public (int CcInstance, CancellationToken Talk)? BeginUnitTalk(int unit)
    {
        lock (_gate)
        {
            if (ActiveCall is not { } cc || Floor != AirFloor.Idle)
            {
                return null;
            }

            Floor = AirFloor.Unit;
            TalkingUnit = unit;
            _unitTalk = new CancellationTokenSource();
            return (cc, _unitTalk.Token);
        }
    }

    /// <summary>The unit stopped talking by itself; false when it was pre-empted or the call ended first.</summary>
    public bool EndUnitTalk(CancellationToken talk)
    {
        lock (_gate)
        {
            if (_unitTalk is null || _unitTalk.Token != talk)
            {
                return false;
            }

            _unitTalk = null;
            TalkingUnit = null;
            Floor = AirFloor.Idle;
            return true;
        }
    }

    private void StopUnitLocked()
    {
        // Not disposed: the reply being played still watches the token.
        _unitTalk?.Cancel();
        _unitTalk = null;
        TalkingUnit = null;
    }
}
