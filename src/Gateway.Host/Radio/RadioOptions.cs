using Gateway.Host.Configuration;
using Gateway.Host.Radio.Voice;
using Gateway.Radio.Pei;
using Gateway.Radio.Sds;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Radio;

/// <summary>What a terminal of the pool is used for.</summary>
public enum RadioTerminalRole
{
    /// <summary>Text orders and (later) voice.</summary>
    Any,
    Text,

    /// <summary>Kept for voice orders: the text pool does not use it.</summary>
    Voice,
}

/// <summary>One TETRA terminal, reached through a serial device of <c>Gateway:Serial:Devices</c>.</summary>
public sealed class RadioTerminalConfig
{
    public string Name { get; set; } = "";

    /// <summary>Name of the serial device (<c>Gateway:Serial:Devices:N:Name</c>) the terminal is on.</summary>
    public string Device { get; set; } = "";

    public RadioTerminalRole Role { get; set; } = RadioTerminalRole.Any;

    /// <summary>Talkgroup (GSSI) selected at start-up; none when empty.</summary>
    public string? Talkgroup { get; set; }

    /// <summary>Expected own ISSI; start-up logs a warning when the terminal reports another.</summary>
    public string? Issi { get; set; }

    /// <summary>The terminal's RoIP audio for voice orders; none: no voice orders on it.</summary>
    public RadioTerminalVoiceConfig? Voice { get; set; }
}

/// <summary>Radio settings under <c>Gateway:Radio</c>.</summary>
public sealed class RadioOptions
{
    public const string Section = "Gateway:Radio";

    public List<RadioTerminalConfig> Terminals { get; set; } = [];

    /// <summary>Status values units send, per order state (32768–65535).</summary>
    public OrderStatusOptions StatusValues { get; set; } = new();

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a text waits for its SDS-REPORT before the channel reports the delivery failed.</summary>
    public TimeSpan ReportTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Texts in flight per terminal before further orders queue.</summary>
    public int MaxSendsPerTerminal { get; set; } = 4;

    /// <summary>How long after an order a unit's status messages are attributed to it.</summary>
    public TimeSpan StatusAttributionWindow { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Longest transmission: PTT held longer is released by the gateway (a stuck key).</summary>
    public TimeSpan TxTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a PTT request waits for the network's grant.</summary>
    public TimeSpan GrantTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Floor control and voice detection for voice orders.</summary>
    public RadioVoiceOptions Voice { get; set; } = new();

    public PeiTerminalOptions ToTerminalOptions(RadioTerminalConfig terminal) => new()
    {
        Name = terminal.Name,
        Talkgroup = string.IsNullOrWhiteSpace(terminal.Talkgroup) ? null : terminal.Talkgroup,
        CommandTimeout = CommandTimeout,
        ReportTimeout = ReportTimeout,
        TxTimeout = TxTimeout,
        GrantTimeout = GrantTimeout,
    };
}

internal sealed class RadioOptionsValidator(IOptions<SerialOptions> serial) : IValidateOptions<RadioOptions>
{
    public ValidateOptionsResult Validate(string? name, RadioOptions options)
    {
        var errors = new List<string>();
        var devices = serial.Value.Devices.Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var usedDevices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Terminals.Count; i++)
        {
            var terminal = options.Terminals[i];
            var prefix = $"Terminals:{i}";
            if (string.IsNullOrWhiteSpace(terminal.Name))
                errors.Add(ConfigError.Format(RadioOptions.Section, $"{prefix}:Name", "must not be empty"));
            else if (!names.Add(terminal.Name))
                errors.Add(ConfigError.Format(RadioOptions.Section, $"{prefix}:Name", $"'{terminal.Name}' is used by another terminal"));
            if (!devices.Contains(terminal.Device))
                errors.Add(ConfigError.Format(RadioOptions.Section, $"{prefix}:Device", $"'{terminal.Device}' is not a device of {SerialOptions.Section}:Devices"));
            else if (!usedDevices.Add(terminal.Device))
                errors.Add(ConfigError.Format(RadioOptions.Section, $"{prefix}:Device", $"'{terminal.Device}' is used by another terminal"));
            if (!string.IsNullOrEmpty(terminal.Talkgroup) && !terminal.Talkgroup.All(char.IsAsciiDigit))
                errors.Add(ConfigError.Format(RadioOptions.Section, $"{prefix}:Talkgroup", $"'{terminal.Talkgroup}' must be digits only"));
            if (!string.IsNullOrEmpty(terminal.Issi) && !terminal.Issi.All(char.IsAsciiDigit))
                errors.Add(ConfigError.Format(RadioOptions.Section, $"{prefix}:Issi", $"'{terminal.Issi}' must be digits only"));
            foreach (var problem in terminal.Voice?.Validate($"{prefix}:Voice") ?? [])
                errors.Add(problem);
            foreach (var problem in options.ToTerminalOptions(terminal).Validate())
                errors.Add($"{RadioOptions.Section}:{prefix}: {problem}");
        }

        errors.AddRange(options.Voice.Validate());
        foreach (var problem in options.StatusValues.Validate())
            errors.Add($"{RadioOptions.Section}:StatusValues: {problem}");
        if (options.MaxSendsPerTerminal is < 1 or > 64)
            errors.Add(ConfigError.Format(RadioOptions.Section, nameof(RadioOptions.MaxSendsPerTerminal), $"must be 1–64 (got {options.MaxSendsPerTerminal})"));
        if (options.StatusAttributionWindow <= TimeSpan.Zero)
            errors.Add(ConfigError.Format(RadioOptions.Section, nameof(RadioOptions.StatusAttributionWindow), "must be positive"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
