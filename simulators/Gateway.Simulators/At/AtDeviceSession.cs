using System.Buffers;
using System.Text;
using Gateway.Simulators.Faults;
using Gateway.Simulators.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.At;

/// <summary>
/// Runs one client connection of an AT device: parses the input, handles echo (ATE0/ATE1) and the
/// command-counting faults, hands everything else to the model, and sends its output through the
/// fault injector (drop, garble, delay, mute).
/// </summary>
public sealed class AtDeviceSession : IAtDeviceContext
{
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly IDeviceConnection _connection;
    private readonly IAtDeviceModel _model;
    private readonly FaultInjector _faults;
    private readonly Action _requestCloseAndReopen;
    private readonly ILogger _logger;
    private readonly AtInputParser _parser = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public AtDeviceSession(
        IDeviceConnection connection,
        IAtDeviceModel model,
        SimulatedControlLines lines,
        FaultInjector faults,
        DeviceOptions options,
        Action requestCloseAndReopen,
        TimeProvider time,
        ILogger logger)
    {
        _connection = connection;
        _model = model;
        _faults = faults;
        _requestCloseAndReopen = requestCloseAndReopen;
        _logger = logger;
        Lines = lines;
        Options = options;
        Time = time;
    }

    public SimulatedControlLines Lines { get; }

    public TimeProvider Time { get; }

    public DeviceOptions Options { get; }

    public bool Echo { get; private set; } = true;

    /// <summary>Serves the connection until the client leaves or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            await _model.OnConnectedAsync(this, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var read = await _connection.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await ProcessAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            _logger.LogDebug("Session ended: {Reason}", ex.Message);
        }
    }

    public async ValueTask SendLineAsync(string line, CancellationToken cancellationToken = default)
    {
        var bytes = new byte[Encoding.Latin1.GetByteCount(line) + 4];
        LineEnd.CopyTo(bytes, 0);
        Encoding.Latin1.GetBytes(line, 0, line.Length, bytes, 2);
        LineEnd.CopyTo(bytes, bytes.Length - 2);
        await SendRawAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SendRawAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (_faults.Options.ReplyDelay > TimeSpan.Zero)
        {
            await Task.Delay(_faults.Options.ReplyDelay, Time, cancellationToken).ConfigureAwait(false);
        }

        if (_faults.Muted)
        {
            return;
        }

        var output = ArrayPool<byte>.Shared.Rent(data.Length);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var length = _faults.Apply(data.Span, output);
            await _connection.WriteAsync(output.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    public void BeginTextInput() => _parser.Mode = AtInputMode.Text;

    public void EnterRawMode() => _parser.Mode = AtInputMode.Raw;

    public void ExitRawMode() => _parser.Mode = AtInputMode.Command;

    private async ValueTask ProcessAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        for (var index = 0; index < chunk.Length; index++)
        {
            if (_parser.Mode == AtInputMode.Raw)
            {
                // The model takes the rest of this chunk; it may leave raw mode for the next one.
                if (!_faults.Muted)
                {
                    await _model.OnRawDataAsync(chunk[index..], this, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (_parser.Consume(chunk.Span[index]) is { } item)
            {
                await HandleAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask HandleAsync(AtInputItem item, CancellationToken cancellationToken)
    {
        switch (item.Kind)
        {
            case AtInputKind.Command:
                await HandleCommandAsync(item.Text, cancellationToken).ConfigureAwait(false);
                break;
            case AtInputKind.Text or AtInputKind.CancelledText:
                _parser.Mode = AtInputMode.Command;
                await _model.OnTextAsync(item.Text, item.Kind == AtInputKind.CancelledText, this, cancellationToken).ConfigureAwait(false);
                break;
            case AtInputKind.Overflow:
                _logger.LogDebug("Input line too long, dropped");
                if (_parser.Mode == AtInputMode.Text)
                {
                    _parser.Mode = AtInputMode.Command;
                    await _model.OnTextAsync(string.Empty, true, this, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await this.SendErrorAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private async ValueTask HandleCommandAsync(string command, CancellationToken cancellationToken)
    {
        if (command.Length == 0)
        {
            return;
        }

        switch (_faults.OnCommand())
        {
            case CommandFault.CloseAndReopen:
                _logger.LogInformation("Fault: closing the port on command {Command}", command);
                _requestCloseAndReopen();
                return;
            case CommandFault.Ignore:
                return;
        }

        if (Echo)
        {
            await SendRawAsync(Encoding.Latin1.GetBytes(command + "\r"), cancellationToken).ConfigureAwait(false);
        }

        if (!command.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            // Real modems ignore input that does not start with AT.
            return;
        }

        if (command.Equals("ATE0", StringComparison.OrdinalIgnoreCase) || command.Equals("ATE1", StringComparison.OrdinalIgnoreCase))
        {
            Echo = command[^1] == '1';
            await this.SendOkAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await _model.OnCommandAsync(command, this, cancellationToken).ConfigureAwait(false);
    }
}
