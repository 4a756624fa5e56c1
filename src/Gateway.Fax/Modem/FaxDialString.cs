namespace Gateway.Fax.Modem;

/// <summary>
/// The number after <c>ATD</c>: digits, '+', '*', '#', ',' (pause) and 'W' (wait for tone) only,
/// so no caller can slip a ';' or a second command into the dial line.
/// </summary>
public static class FaxDialString
{
    public const int MaxLength = 40;

    /// <summary>
    /// Drops the separators people write in numbers ("0574-8765 4321", "(0574) 87654321"), which
    /// modems do not take in a dial string. What is left still has to pass <see cref="IsValid"/>.
    /// </summary>
    public static string Normalize(string number) =>
        string.Concat(number.Where(c => c is not (' ' or '-' or '(' or ')' or '.')));

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
