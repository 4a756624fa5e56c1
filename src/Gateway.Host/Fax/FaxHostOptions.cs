using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Modem;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Fax;

/// <summary>One fax modem of the pool: a name for /health and the serial device (under Gateway:Serial:Devices) it sits on.</summary>
public sealed class FaxModemConfig
{
    public string Name { get; set; } = "";

    public string Device { get; set; } = "";
}

public sealed class FaxRetryConfig
{
    public int MaxRetries { get; set; } = 4;

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Fax sending, under <c>Gateway:Fax</c>. No modems configured: no fax channel.</summary>
public sealed class FaxHostOptions
{
    public const string Section = "Gateway:Fax";

    public List<FaxModemConfig> Modems { get; set; } = [];

    /// <summary>Our TSI: digits, space and '+' only, at most 20.</summary>
    public string StationId { get; set; } = "";

    public FaxResolution Resolution { get; set; } = FaxResolution.Fine;

    public T4Compression Compression { get; set; } = T4Compression.ModifiedRead;

    public RtcSender RtcBy { get; set; } = RtcSender.Host;

    public FaxRetryConfig Retry { get; set; } = new();

    /// <summary>Font for rendering orders (Chinese needs a CJK font such as fonts-wqy-microhei).</summary>
    public string FontPath { get; set; } = Gateway.Fax.Rendering.FaxRendererOptions.DefaultFontPath;
}

internal sealed class FaxHostOptionsValidator(IOptions<SerialOptions> serial) : IValidateOptions<FaxHostOptions>
{
    public ValidateOptionsResult Validate(string? name, FaxHostOptions options)
    {
        var errors = new List<string>();
        var devices = SerialDeviceNames();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Modems.Count; i++)
        {
            var modem = options.Modems[i];
            if (string.IsNullOrWhiteSpace(modem.Name))
                errors.Add(ConfigError.Format(FaxHostOptions.Section, $"Modems:{i}:Name", "must not be empty"));
            else if (!names.Add(modem.Name))
                errors.Add(ConfigError.Format(FaxHostOptions.Section, $"Modems:{i}:Name", $"'{modem.Name}' is used by another modem"));
            if (devices is not null && !devices.Contains(modem.Device))
                errors.Add(ConfigError.Format(FaxHostOptions.Section, $"Modems:{i}:Device", $"'{modem.Device}' is not a device under {SerialOptions.Section}:Devices"));
            else if (!used.Add(modem.Device))
                errors.Add(ConfigError.Format(FaxHostOptions.Section, $"Modems:{i}:Device", $"'{modem.Device}' is used by another modem"));
        }

        if (!FaxStationId.IsValid(options.StationId))
            errors.Add(ConfigError.Format(FaxHostOptions.Section, "StationId", "digits, space and '+' only, at most 20 characters"));
        if (!Enum.IsDefined(options.Resolution))
            errors.Add(ConfigError.Format(FaxHostOptions.Section, "Resolution", "Standard or Fine"));
        if (!Enum.IsDefined(options.Compression))
            errors.Add(ConfigError.Format(FaxHostOptions.Section, "Compression", "ModifiedHuffman or ModifiedRead"));
        if (!Enum.IsDefined(options.RtcBy))
            errors.Add(ConfigError.Format(FaxHostOptions.Section, "RtcBy", "Host or Modem"));
        if (options.Retry.MaxRetries is < 0 or > 100)
            errors.Add(ConfigError.Format(FaxHostOptions.Section, "Retry:MaxRetries", "must be between 0 and 100"));
        if (options.Retry.InitialDelay < TimeSpan.Zero)
            errors.Add(ConfigError.Format(FaxHostOptions.Section, "Retry:InitialDelay", "must not be negative"));
        if (options.Retry.MaxDelay < options.Retry.InitialDelay)
            errors.Add(ConfigError.Format(FaxHostOptions.Section, "Retry:MaxDelay", "must not be shorter than Retry:InitialDelay"));
        if (options.Modems.Count > 0 && !File.Exists(options.FontPath))
            errors.Add(ConfigError.Format(FaxHostOptions.Section, "FontPath", $"font file not found: {options.FontPath}"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Invalid serial settings are reported by their own validator; throwing from here would hide that message.
    private HashSet<string>? SerialDeviceNames()
    {
        try
        {
            return serial.Value.Devices.Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
