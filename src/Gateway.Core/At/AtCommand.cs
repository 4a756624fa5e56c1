namespace Gateway.Core.At;

/// <summary>
/// One AT command line as the caller wants it sent, e.g. <c>AT+CTXD=1,0</c> (no trailing CR:
/// the channel appends it). A plain string converts implicitly.
/// </summary>
/// <param name="Text">The command text, ASCII/Latin-1 only.</param>
public readonly record struct AtCommand(string Text)
{
    /// <summary>Time allowed from writing the command to its final result; null uses the channel default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The prefix of the information response this command expects (e.g. <c>+CMGS</c> for
    /// <c>AT+CMGS</c>). While this command is pending, a line with this prefix belongs to the
    /// command even if an unsolicited-result subscriber registered the same prefix.
    /// </summary>
    public string? ResponsePrefix { get; init; }

    public static implicit operator AtCommand(string text) => new(text);

    public override string ToString() => Text;
}
