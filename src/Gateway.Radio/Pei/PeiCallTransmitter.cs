using Gateway.Radio.Floor;

namespace Gateway.Radio.Pei;

/// <summary>
/// Lets the floor controller key a TETRA call: keying is <c>AT+CTXD</c> (emergency priority → TX demand
/// priority 3, pre-empting the current talker), unkeying is <c>AT+CUTXC</c>.
/// </summary>
public sealed class PeiCallTransmitter(PeiTerminal terminal, PeiCall call) : IPttTransmitter
{
    public PeiCall Call { get; } = call;

    public async Task<bool> KeyAsync(FloorPriority priority, CancellationToken cancellationToken)
    {
        var demand = priority == FloorPriority.Emergency ? PeiTxPriority.Emergency : PeiTxPriority.Low;
        return await terminal.RequestTransmitAsync(Call, demand, cancellationToken).ConfigureAwait(false) == PeiPttResult.Granted;
    }

    public Task UnkeyAsync(CancellationToken cancellationToken) => terminal.ReleaseTransmitAsync(Call, cancellationToken);
}
