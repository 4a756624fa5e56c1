namespace Gateway.Core.Serial;

/// <summary>State, input-line bookkeeping and counters shared by the concrete links.</summary>
public abstract class SerialLinkBase : ISerialLink
{
    private int _state = (int)SerialLinkState.Closed;
    private int _inputLines;

    protected SerialLinkBase(string address)
    {
        Address = address;
        Counters = SerialLinkMetrics.For(address);
    }

    public string Address { get; }

    public SerialLinkState State => (SerialLinkState)Volatile.Read(ref _state);

    public ModemInputLines InputLines => (ModemInputLines)Volatile.Read(ref _inputLines);

    public abstract bool SupportsControlLines { get; }

    public event Action<SerialLinkState>? StateChanged;

    public event Action<ModemInputLines>? InputLinesChanged;

    protected SerialLinkCounters Counters { get; }

    public abstract ValueTask OpenAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    public abstract ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    protected void SetState(SerialLinkState state)
    {
        if (Interlocked.Exchange(ref _state, (int)state) != (int)state)
        {
            StateChanged?.Invoke(state);
        }
    }

    protected void SetInputLines(ModemInputLines lines)
    {
        if (Interlocked.Exchange(ref _inputLines, (int)lines) != (int)lines)
        {
            InputLinesChanged?.Invoke(lines);
        }
    }

    protected void ThrowIfNotOpen()
    {
        if (State != SerialLinkState.Open)
        {
            throw new SerialLinkUnavailableException(Address, State);
        }
    }
}
