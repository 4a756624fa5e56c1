using Gateway.Core.Serial.Os;
using Gateway.Core.Serial.Resilience;
using Gateway.Core.Serial.Rfc2217;
using Gateway.Core.Serial.Tcp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Serial;

/// <summary>Makes the right link for an address, plain or kept open with reconnects.</summary>
public sealed class SerialLinkFactory(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
{
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;

    public ISerialLink Create(string address) => Create(SerialLinkAddress.Parse(address));

    /// <summary>A link that is opened once; when lost it stays lost.</summary>
    public ISerialLink Create(SerialLinkAddress address) => address.Kind switch
    {
        SerialLinkKind.OsPort => new OsSerialLink(address.Text, address.PortName!, address.Settings, _loggerFactory.CreateLogger<OsSerialLink>()),
        SerialLinkKind.RawTcp => new TcpSerialLink(address.Text, address.Host!, address.Port, _loggerFactory.CreateLogger<TcpSerialLink>()),
        SerialLinkKind.Rfc2217 => new Rfc2217SerialLink(address.Text, address.Host!, address.Port, address.Settings, _timeProvider, logger: _loggerFactory.CreateLogger<Rfc2217SerialLink>()),
        _ => throw new ArgumentOutOfRangeException(nameof(address), address.Kind, "unknown link kind"),
    };

    /// <summary>A link that reopens itself with backoff whenever it is lost.</summary>
    public ReconnectingSerialLink CreateReconnecting(SerialLinkAddress address, ReconnectOptions? options = null) =>
        new(address.Text, () => Create(address), options, _timeProvider, _loggerFactory.CreateLogger<ReconnectingSerialLink>());
}
