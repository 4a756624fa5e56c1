namespace Gateway.Core.At;

/// <summary>Settings of one AT command channel.</summary>
public sealed class AtChannelOptions
{
    /// <summary>Timeout of a command that sets none itself.</summary>
    public TimeSpan DefaultCommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest line accepted; longer ones are logged and dropped. TETRA SDS PDUs reach ~560 hex digits.</summary>
    public int MaxLineLength { get; set; } = 2048;

    /// <summary>Size of the pooled buffer each link read fills.</summary>
    public int ReadBufferSize { get; set; } = 4096;

    /// <summary>Bytes written per link write in a data phase, so XOFF is honoured within this many bytes.</summary>
    public int DataChunkSize { get; set; } = 256;

    /// <summary>Longest time the device may hold XOFF in a data phase before the write fails.</summary>
    public TimeSpan MaxXoffHold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause before reading again when a link ended a read but still reports itself open (avoids spinning).</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Validates the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultCommandTimeout, TimeSpan.Zero, nameof(DefaultCommandTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineLength, 16, nameof(MaxLineLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadBufferSize, 16, nameof(ReadBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(DataChunkSize, 1, nameof(DataChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxXoffHold, TimeSpan.Zero, nameof(MaxXoffHold));
        ArgumentOutOfRangeException.ThrowIfLessThan(RestartDelay, TimeSpan.Zero, nameof(RestartDelay));
    }
}
