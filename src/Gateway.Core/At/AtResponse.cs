namespace Gateway.Core.At;

/// <summary>What a device answered to one command: the final result and the intermediate lines before it.</summary>
public sealed class AtResponse
{
    public AtResponse(string command, AtResultCode result, IReadOnlyList<string> lines, string detail = "")
    {
        Command = command;
        Result = result;
        Lines = lines;
        Detail = detail;
        if ((result is AtResultCode.CmeError or AtResultCode.CmsError)
            && int.TryParse(detail, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
        {
            ErrorNumber = number;
        }
    }

    /// <summary>The command text this answers (empty for the end of a data phase).</summary>
    public string Command { get; }

    public AtResultCode Result { get; }

    /// <summary>Intermediate lines in arrival order (echo, blank lines and URCs excluded).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Text after <c>+CME/+CMS ERROR:</c> or after <c>CONNECT</c>; empty otherwise.</summary>
    public string Detail { get; }

    /// <summary>The numeric <c>+CME/+CMS ERROR</c> code; null for other results or verbose error text.</summary>
    public int? ErrorNumber { get; }

    /// <summary>True for <c>OK</c> and <c>CONNECT</c>.</summary>
    public bool IsSuccess => Result is AtResultCode.Ok or AtResultCode.Connect;

    /// <summary>The first intermediate line starting with <paramref name="prefix"/>, or null.</summary>
    public string? FindLine(string prefix)
    {
        foreach (string line in Lines)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Returns this response when it succeeded; otherwise throws <see cref="AtCommandFailedException"/>.</summary>
    public AtResponse EnsureSuccess() => IsSuccess ? this : throw new AtCommandFailedException(this);

    public override string ToString() =>
        Detail.Length == 0 ? $"{Command} -> {Result}" : $"{Command} -> {Result} {Detail}";
}
