using System.Threading.Channels;
using Gateway.Fax.Modem;

namespace Gateway.Fax.Jobs;

/// <summary>The modems a job may use; a job takes whichever is free first and gives it back after one call.</summary>
public sealed class FaxModemPool
{
    private readonly Channel<PooledFaxModem> _free = Channel.CreateUnbounded<PooledFaxModem>();

    public FaxModemPool(IEnumerable<PooledFaxModem> modems)
    {
        Modems = [.. modems];
        if (Modems.Count == 0)
        {
            throw new ArgumentException("A fax modem pool needs at least one modem.", nameof(modems));
        }

        foreach (PooledFaxModem modem in Modems)
        {
            _free.Writer.TryWrite(modem);
        }
    }

    public IReadOnlyList<PooledFaxModem> Modems { get; }

    /// <summary>Waits for a free modem.</summary>
    public async ValueTask<PooledFaxModem> RentAsync(CancellationToken cancellationToken)
    {
        PooledFaxModem modem = await _free.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        modem.IsBusy = true;
        return modem;
    }

    public void Return(PooledFaxModem modem)
    {
        modem.IsBusy = false;
        _free.Writer.TryWrite(modem);
    }
}

/// <summary>One modem of the pool, with what /health shows about it.</summary>
public sealed class PooledFaxModem(string name, IFaxSender sender)
{
    public string Name { get; } = name;

    public IFaxSender Sender { get; } = sender;

    public bool IsBusy { get; internal set; }

    /// <summary>How its last call ended (null before the first).</summary>
    public FaxSendResult? LastResult { get; internal set; }
}
