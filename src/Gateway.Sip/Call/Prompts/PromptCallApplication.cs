using System.Collections.Concurrent;
using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Tones;

namespace Gateway.Sip.Call.Prompts;

/// <summary>
/// "app:prompt:FILE.wav": answers, plays the WAV (any rate, mono or stereo; resampled to 8 kHz with NAudio), then
/// sends the configured digits and hangs up — or loops until the caller hangs up. Digits the caller sends are
/// reported; the call is recorded when recording is on for it. Prompts are loaded once and kept in memory.
/// </summary>
public sealed class PromptCallApplication(PromptApplicationOptions options, CallMediaFeatures features) : ICallApplication
{
    private readonly ConcurrentDictionary<string, WavPrompt> _prompts = new(StringComparer.Ordinal);

    public string Name => "prompt";

    public PromptApplicationOptions Options => options;

    public string? ValidateArgument(string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument)) return "needs a WAV file: app:prompt:FILE.wav";
        if (options.SendDigits is { Length: > 0 } digits && digits.Any(d => !DtmfDigits.TryGetEvent(d, out _)))
            return $"Prompts:SendDigits '{digits}' holds a symbol that is not DTMF (0-9 * # A-D)";
        try
        {
            Load(argument);
            return null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            return $"prompt '{ResolvePath(argument)}' cannot be played: {e.Message}";
        }
    }

    public void Accept(CallApplicationContext context)
    {
        WavPrompt prompt;
        try
        {
            prompt = Load(context.Argument ?? "");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            context.Inbound.Reject(500, "Prompt Unavailable");
            context.Ended(new UserAgent.SipSessionEnd(UserAgent.SipSessionEndKind.Failed, 500, $"Prompt unavailable: {e.Message}"));
            return;
        }
        new PromptCall(context, prompt, options, features).Start();
    }

    /// <summary>The prompt's full path: relative names are under <see cref="PromptApplicationOptions.Directory"/>.</summary>
    public string ResolvePath(string argument) => Path.GetFullPath(argument, Path.GetFullPath(options.Directory));

    private WavPrompt Load(string argument)
    {
        var path = ResolvePath(argument);
        return _prompts.GetOrAdd(path, WavPrompt.Load);
    }
}
