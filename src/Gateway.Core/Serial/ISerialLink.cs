namespace Gateway.Core.Serial;

/// <summary>Modem-control input lines a serial device reports (DCE → DTE).</summary>
[Flags]
public enum ModemInputLines
{
    None = 0,
    Cts = 1,
    Dsr = 2,
    Dcd = 4,
    Ri = 8,
}

/// <summary>Connection state of a serial link, as shown in /health.</summary>
public enum SerialLinkState
{
    Closed,
    Connecting,
    Open,
    Faulted,
}

/// <summary>
/// One byte stream to a serial device, however it is reached: an OS port, a raw TCP
/// serial server or an RFC 2217 server. Reads and writes are raw bytes; the AT channel and
/// the device drivers sit on top. Control lines are optional: <see cref="SupportsControlLines"/>
/// says whether RTS/DTR can be driven and CTS/DSR/DCD/RI read.
/// </summary>
public interface ISerialLink : IAsyncDisposable
{
    /// <summary>The address the link was made from, e.g. <c>rfc2217://127.0.0.1:7002</c>.</summary>
    string Address { get; }

    SerialLinkState State { get; }

    /// <summary>Raised on every state change (open, lost, reconnecting, closed).</summary>
    event Action<SerialLinkState>? StateChanged;

    ValueTask OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads at least one byte; returns 0 when the link has closed. A lost link throws
    /// <see cref="SerialLinkLostException"/>; on a <see cref="Resilience.ReconnectingSerialLink"/> the next read
    /// then waits until the link has been reopened. One reader at a time.
    /// </summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    bool SupportsControlLines { get; }

    /// <summary>Drives the RTS and/or DTR outputs; null leaves a line as it is.</summary>
    ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default);

    /// <summary>Last known state of the input lines.</summary>
    ModemInputLines InputLines { get; }

    /// <summary>Raised when any input line changes, with the new set.</summary>
    event Action<ModemInputLines>? InputLinesChanged;
}
