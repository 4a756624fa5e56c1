namespace Gateway.Simulators.Transport;

/// <summary>A plain byte stream (raw TCP, or the pty bridged by socat).</summary>
public sealed class StreamDeviceConnection(Stream stream) : IDeviceConnection
{
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        stream.ReadAsync(buffer, cancellationToken);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        stream.WriteAsync(data, cancellationToken);

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
