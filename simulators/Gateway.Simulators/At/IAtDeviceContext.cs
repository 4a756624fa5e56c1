using Gateway.Simulators.Transport;

namespace Gateway.Simulators.At;

/// <summary>What a device model can do with its connection.</summary>
public interface IAtDeviceContext
{
    SimulatedControlLines Lines { get; }

    TimeProvider Time { get; }

    /// <summary>Options given to the device on the command line (<c>--name value</c> not known to the host).</summary>
    DeviceOptions Options { get; }

    bool Echo { get; }

    /// <summary>Sends <c>CR LF line CR LF</c>, as modems frame responses. Safe to call at any time (URCs).</summary>
    ValueTask SendLineAsync(string line, CancellationToken cancellationToken = default);

    /// <summary>Sends bytes as they are (prompts, raw data).</summary>
    ValueTask SendRawAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Following input is text up to Ctrl-Z (or ESC to cancel), delivered to <see cref="IAtDeviceModel.OnTextAsync"/>.</summary>
    void BeginTextInput();

    /// <summary>Following input goes unparsed to <see cref="IAtDeviceModel.OnRawDataAsync"/> until <see cref="ExitRawMode"/>.</summary>
    void EnterRawMode();

    void ExitRawMode();
}

/// <summary>Common responses.</summary>
public static class AtDeviceContextExtensions
{
    public static ValueTask SendOkAsync(this IAtDeviceContext context, CancellationToken cancellationToken = default) =>
        context.SendLineAsync("OK", cancellationToken);

    public static ValueTask SendErrorAsync(this IAtDeviceContext context, CancellationToken cancellationToken = default) =>
        context.SendLineAsync("ERROR", cancellationToken);
}
