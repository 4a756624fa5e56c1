namespace Gateway.Simulators.At;

/// <summary>
/// The behaviour of one simulated AT device, one instance per client connection. The session parses
/// the input (CR-terminated commands, ATE0/ATE1 handled for it) and calls these; the model answers
/// through the <see cref="IAtDeviceContext"/>. A new device is one class implementing this plus one
/// line in <see cref="Devices.DeviceCatalog"/>.
/// </summary>
public interface IAtDeviceModel
{
    /// <summary>A client connected (send a greeting or start URC timers here).</summary>
    ValueTask OnConnectedAsync(IAtDeviceContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>A command line without its CR, e.g. <c>AT+CMGS=1234,56</c>.</summary>
    ValueTask OnCommandAsync(string command, IAtDeviceContext context, CancellationToken cancellationToken);

    /// <summary>Text after a <c>&gt; </c> prompt (see <see cref="IAtDeviceContext.BeginTextInput"/>), ended by Ctrl-Z or cancelled by ESC.</summary>
    ValueTask OnTextAsync(string text, bool cancelled, IAtDeviceContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Bytes received in raw data mode (see <see cref="IAtDeviceContext.EnterRawMode"/>).</summary>
    ValueTask OnRawDataAsync(ReadOnlyMemory<byte> data, IAtDeviceContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
