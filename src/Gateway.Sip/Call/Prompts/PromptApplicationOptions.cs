namespace Gateway.Sip.Call.Prompts;

/// <summary>How "app:prompt:FILE.wav" calls behave.</summary>
public sealed class PromptApplicationOptions
{
    /// <summary>Folder that relative prompt file names are taken from.</summary>
    public string Directory { get; init; } = ".";

    /// <summary>Play the prompt again and again until the caller hangs up (else hang up after it).</summary>
    public bool Loop { get; init; }

    /// <summary>RFC 4733 digits sent to the caller after the prompt (when telephone-event was negotiated), e.g. "123#".</summary>
    public string? SendDigits { get; init; }

    /// <summary>Silence kept after the prompt (and digits) before the gateway hangs up, so the last packets arrive.</summary>
    public TimeSpan HangUpDelay { get; init; } = TimeSpan.FromMilliseconds(300);
}
