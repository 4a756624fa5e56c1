using Microsoft.Extensions.Options;

namespace Gateway.Host.Configuration;

/// <summary>One serial device the gateway talks to (a TETRA terminal, a fax modem...).</summary>
public sealed class SerialDeviceOptions
{
    /// <summary>Unique name, used in /health, /metrics and logs.</summary>
    public string Name { get; set; } = "";

    /// <summary>Link address: <c>serial:///dev/ttyUSB0?baud=115200</c>, <c>tcp://host:port</c>, <c>rfc2217://host:port</c>.</summary>
    public string Address { get; set; } = "";

    /// <summary>When true, /health answers 503 while this device's link is down.</summary>
    public bool Required { get; set; } = true;

    /// <summary>
    /// How often a plain <c>AT</c> is sent while the device is idle, so a silent or vanished
    /// device shows in /health before an order needs it. Zero turns the probe off.
    /// </summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>All serial devices, under <c>Gateway:Serial:Devices</c>.</summary>
public sealed class SerialOptions
{
    public const string Section = "Gateway:Serial";

    public List<SerialDeviceOptions> Devices { get; set; } = [];
}

internal sealed class SerialOptionsValidator : IValidateOptions<SerialOptions>
{
    public ValidateOptionsResult Validate(string? name, SerialOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Devices.Count; i++)
        {
            var device = options.Devices[i];
            var prefix = $"Devices:{i}";
            if (string.IsNullOrWhiteSpace(device.Name))
                errors.Add(ConfigError.Format(SerialOptions.Section, $"{prefix}:Name", "must not be empty"));
            else if (!seen.Add(device.Name))
                errors.Add(ConfigError.Format(SerialOptions.Section, $"{prefix}:Name", $"'{device.Name}' is used by another device"));
            if (device.KeepAlive < TimeSpan.Zero || device.KeepAlive > TimeSpan.FromHours(1))
                errors.Add(ConfigError.Format(SerialOptions.Section, $"{prefix}:KeepAlive", $"must be between 00:00:00 (off) and 01:00:00 (got '{device.KeepAlive}')"));
            if (!Gateway.Core.Serial.SerialLinkAddress.TryParse(device.Address, out _, out var problem))
                errors.Add(ConfigError.Format(SerialOptions.Section, $"{prefix}:Address", problem));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
