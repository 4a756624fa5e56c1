namespace Gateway.Radio.Floor;

/// <summary>Half-duplex floor control settings for one voice path.</summary>
public sealed class FloorControlOptions
{
    /// <summary>How long PTT stays keyed after the dispatcher's voice stops (bridges pauses between words).</summary>
    public TimeSpan VoiceHangTime { get; set; } = TimeSpan.FromMilliseconds(800);

    public bool VoiceKeying { get; set; } = true;

    public bool DtmfKeying { get; set; } = true;

    public char DtmfKeyDigit { get; set; } = '*';

    public char DtmfUnkeyDigit { get; set; } = '#';

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (VoiceHangTime < TimeSpan.Zero || VoiceHangTime > TimeSpan.FromSeconds(10))
        {
            errors.Add($"{nameof(VoiceHangTime)} = {VoiceHangTime} must be 0–10 s.");
        }

        if (!IsDtmfDigit(DtmfKeyDigit) || !IsDtmfDigit(DtmfUnkeyDigit) || DtmfKeyDigit == DtmfUnkeyDigit)
        {
            errors.Add($"{nameof(DtmfKeyDigit)} and {nameof(DtmfUnkeyDigit)} must be two different DTMF digits (0-9, *, #, A-D).");
        }

        return errors;
    }

    private static bool IsDtmfDigit(char c) => char.IsAsciiDigit(c) || c is '*' or '#' or (>= 'A' and <= 'D');
}
