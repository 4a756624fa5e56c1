namespace Gateway.Core.Serial;

/// <summary>A read or write was attempted on a link that is not open (closed, connecting or lost).</summary>
public sealed class SerialLinkUnavailableException(string address, SerialLinkState state)
    : IOException($"Serial link {address} is not open (state {state})")
{
    public string Address { get; } = address;
    public SerialLinkState State { get; } = state;
}

/// <summary>An open link was lost (peer closed, device unplugged, I/O error); a reconnecting link reopens it.</summary>
public sealed class SerialLinkLostException(string address, Exception? cause)
    : IOException($"Serial link {address} was lost" + (cause is null ? string.Empty : ": " + cause.Message), cause)
{
    public string Address { get; } = address;
}
