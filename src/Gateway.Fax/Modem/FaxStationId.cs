namespace Gateway.Fax.Modem;

/// <summary>The T.30 station identity (TSI/CSI): at most 20 characters, digits, space and '+' only (T.30 §5.3.6.2.4).</summary>
public static class FaxStationId
{
    public const int MaxLength = 20;

    /// <summary>True when <paramref name="stationId"/> may go into <c>AT+FLI="…"</c>.</summary>
    public static bool IsValid(string? stationId) =>
        stationId is not null
        && stationId.Length <= MaxLength
        && stationId.All(c => c is (>= '0' and <= '9') or ' ' or '+');

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule when the id is not valid.</summary>
    public static string Validate(string? stationId, string parameterName = "stationId")
    {
        if (!IsValid(stationId))
        {
            throw new ArgumentException(
                $"A fax station id has at most {MaxLength} characters: digits, space and '+' only (Chinese text belongs in the page image).",
                parameterName);
        }

        return stationId!;
    }
}
