using Gateway.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary><c>Gateway:Sip:Recording</c>: which calls are recorded, where, stereo (caller left) or mixed mono.</summary>
public sealed class SipRecordingOptions
{
    public const string Section = SipOptions.Section + ":Recording";

    /// <summary>Record every answered call. Routes with <c>Record: true</c> are recorded even when this is off.</summary>
    public bool Enabled { get; set; }

    /// <summary>WAV folder; relative paths are under <c>Gateway:Storage:DataDirectory</c>. Default "recordings".</summary>
    public string Directory { get; set; } = "recordings";

    /// <summary>"stereo" (caller left, everyone else right) or "mono" (mixed).</summary>
    public string Mode { get; set; } = "stereo";
}

/// <summary><c>Gateway:Sip:Prompts</c>: how "app:prompt:FILE.wav" routes behave.</summary>
public sealed class SipPromptOptions
{
    public const string Section = SipOptions.Section + ":Prompts";

    /// <summary>Folder relative prompt names are taken from (relative to the working directory). Default ".".</summary>
    public string Directory { get; set; } = ".";

    /// <summary>Repeat the prompt until the caller hangs up.</summary>
    public bool Loop { get; set; }

    /// <summary>Digits sent as RFC 4733 events after the prompt, before hanging up (empty: none).</summary>
    public string? SendDigits { get; set; }

    public int HangUpDelayMs { get; set; } = 300;
}

/// <summary>Checks the recording and prompt settings at start (the route and listener checks are in <see cref="SipOptionsValidator"/>).</summary>
internal sealed class SipRecordingOptionsValidator : IValidateOptions<SipRecordingOptions>
{
    public ValidateOptionsResult Validate(string? name, SipRecordingOptions options)
    {
        var errors = new List<string>();
        if (options.Mode.ToLowerInvariant() is not ("stereo" or "mono"))
            errors.Add(ConfigError.Format(SipRecordingOptions.Section, nameof(SipRecordingOptions.Mode), $"must be stereo or mono (got '{options.Mode}')"));
        if (string.IsNullOrWhiteSpace(options.Directory) || options.Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            errors.Add(ConfigError.Format(SipRecordingOptions.Section, nameof(SipRecordingOptions.Directory), $"must be a folder path (got '{options.Directory}')"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class SipPromptOptionsValidator : IValidateOptions<SipPromptOptions>
{
    public ValidateOptionsResult Validate(string? name, SipPromptOptions options)
    {
        var errors = new List<string>();
        if (options.HangUpDelayMs is < 0 or > 60_000)
            errors.Add(ConfigError.Format(SipPromptOptions.Section, nameof(SipPromptOptions.HangUpDelayMs), $"must be 0–60000 (got {options.HangUpDelayMs})"));
        if (options.SendDigits is { Length: > 0 } digits && !digits.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or 'A' or 'B' or 'C' or 'D'))
            errors.Add(ConfigError.Format(SipPromptOptions.Section, nameof(SipPromptOptions.SendDigits), $"must be DTMF symbols 0-9 * # A-D (got '{digits}')"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
