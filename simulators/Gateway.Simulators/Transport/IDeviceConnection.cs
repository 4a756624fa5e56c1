namespace Gateway.Simulators.Transport;

/// <summary>One client connection to the simulated device's serial port, as raw data bytes.</summary>
public interface IDeviceConnection : IAsyncDisposable
{
    /// <summary>Reads data bytes; 0 when the client has gone.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
