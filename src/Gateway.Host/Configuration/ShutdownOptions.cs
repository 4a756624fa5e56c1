using Microsoft.Extensions.Options;

namespace Gateway.Host.Configuration;

public sealed class ShutdownOptions
{
    public const string Section = "Gateway:Shutdown";

    /// <summary>How long each device stop hook (release PTT, hang up) may take on shutdown.</summary>
    public TimeSpan DeviceStopTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.DeviceStopTimeout <= TimeSpan.Zero || options.DeviceStopTimeout > TimeSpan.FromMinutes(1)
            ? ValidateOptionsResult.Fail(ConfigError.Format(ShutdownOptions.Section, nameof(ShutdownOptions.DeviceStopTimeout),
                $"must be between 00:00:00.001 and 00:01:00 (got '{options.DeviceStopTimeout}')"))
            : ValidateOptionsResult.Success;
}
