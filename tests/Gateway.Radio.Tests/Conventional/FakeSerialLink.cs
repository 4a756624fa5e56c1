using Gateway.Core.Serial;

namespace Gateway.Radio.Tests.Conventional;

/// <summary>A serial link whose control lines are recorded and whose input lines the test sets.</summary>
internal sealed class FakeSerialLink(bool supportsControlLines = true) : ISerialLink
{
    private readonly List<(bool? Rts, bool? Dtr)> _writes = [];

    public string Address => "fake://radio";

    public SerialLinkState State => SerialLinkState.Open;

    public bool SupportsControlLines { get; } = supportsControlLines;

    public ModemInputLines InputLines { get; private set; }

    public bool? Rts { get; private set; }

    public bool? Dtr { get; private set; }

    public IReadOnlyList<(bool? Rts, bool? Dtr)> ControlWrites => _writes;

    public event Action<SerialLinkState>? StateChanged;

    public event Action<ModemInputLines>? InputLinesChanged;

    public void SetInputs(ModemInputLines lines)
    {
        InputLines = lines;
        InputLinesChanged?.Invoke(lines);
    }

    public ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default)
    {
        _writes.Add((rts, dtr));
        Rts = rts ?? Rts;
        Dtr = dtr ?? Dtr;
        return ValueTask.CompletedTask;
    }

    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        StateChanged?.Invoke(SerialLinkState.Open);
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
