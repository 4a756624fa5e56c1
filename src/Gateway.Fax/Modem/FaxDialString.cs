namespace Gateway.Fax.Modem;

/// <summary>
/// The number after <c>ATD</c>: digits, '+', '*', '#', ',' (pause) and 'W' (wait for tone) only,
/// so no caller can slip a ';' or a second command into the dial line.
/// </summary>
public static class FaxDialString
{
    public const int MaxLength = 40;

    public static bool IsValid(string? number) =>
        !string.IsNullOrEmpty(number)
        && number.Length <= MaxLength
        && number.Any(char.IsAsciiDigit)
        && number.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#' or ',' or 'W' or 'w');

    public static string Validate(string? number, string parameterName = "number")
    {
        if (!IsValid(number))
        {
            throw new ArgumentException(
                $"A fax number has at most {MaxLength} characters: digits, '+', '*', '#', ',' and 'W' only.", parameterName);
        }

        return number!;
    }
}
